"""The lines between the layers (README, layout): what each package may import of the others.

protocol (shared/queue) <- runtime (shared/worker) <- the app's job kinds (shared/handlers.py) -> analysis;
the interfaces (api/, the CLI) on top. Read from the source (ast), so a lazy import inside a
function counts too.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# package (a directory or a module under ROOT) -> module prefixes it must never import
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "shared/queue": ("shared.worker", "shared.analysis", "shared.handlers", "api"),
    "shared/worker": ("shared.analysis", "shared.handlers", "api"),
    "shared/analysis": ("shared.queue", "shared.handlers", "api"),
}


def imported_modules(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def sources(package: str) -> list[Path]:
    where = ROOT / package
    return sorted(where.rglob("*.py")) if where.is_dir() else [where.with_suffix(".py")]


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_layers_import_only_downwards(package: str) -> None:
    bad = []
    for path in sources(package):
        for module in sorted(imported_modules(path)):
            if any(module == prefix or module.startswith(prefix + ".") for prefix in FORBIDDEN[package]):
                bad.append(f"{path.relative_to(ROOT)} imports {module}")
    assert not bad, "\n".join(bad)


# What the CLI may take from the service: the job's vocabulary (Status, Priority: the API's enums),
# so that the names have one source. It must stay a module of the standard library alone.
CLI_MAY_IMPORT = ("shared.job",)


def test_the_cli_imports_nothing_of_the_service_but_the_job_vocabulary() -> None:
    bad = [f"{path.relative_to(ROOT)} imports {module}" for path in sources("shared/cli")
           for module in sorted(imported_modules(path))
           if (module.startswith(("shared.", "api")) or module == "shared")
           and not module.startswith("shared.cli") and module not in CLI_MAY_IMPORT]  # fmt: skip
    assert not bad, "\n".join(bad)
    for allowed in CLI_MAY_IMPORT:
        path = ROOT / (allowed.replace(".", "/") + ".py")
        foreign = {m for m in imported_modules(path) if m.split(".")[0] not in sys.stdlib_module_names}
        assert not foreign, f"{allowed} is imported by the CLI and must need only the standard library: {foreign}"


def test_the_cli_loads_no_module_of_the_service() -> None:
    # As it runs: importing the CLI loads httpx and the job vocabulary, not the API, the queue,
    # the worker, the analysis or their libraries.
    code = "import sys, shared.cli.commands; print(' '.join(sorted(sys.modules)))"
    loaded = set(subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
                 .stdout.split())  # fmt: skip
    assert "httpx" in loaded and "shared.job" in loaded
    service = ("api", "shared.queue", "shared.worker", "shared.analysis", "shared.settings", "shared.handlers",
               "redis", "fastapi", "pydantic", "pdfplumber", "pypdfium2")  # fmt: skip
    bad = sorted(m for m in loaded if any(m == s or m.startswith(s + ".") for s in service))
    assert not bad, bad


def test_the_check_sees_an_import() -> None:
    # The rule above would pass on an empty list: make sure it reads a real module's imports.
    assert "shared.worker.app" in imported_modules(ROOT / "shared" / "handlers.py")
