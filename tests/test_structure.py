"""The lines between the layers (README, layout): what each package may import of the others.

protocol (shared/queue) <- runtime (shared/worker) <- the app's job kinds (shared/handlers.py) -> analysis;
the interfaces (api/, the CLI) on top. Read from the source (ast), so a lazy import inside a
function counts too.
"""

from __future__ import annotations

import ast
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


def test_the_cli_imports_nothing_of_the_service() -> None:
    bad = [f"{path.relative_to(ROOT)} imports {module}" for path in sources("shared/cli")
           for module in sorted(imported_modules(path))
           if (module.startswith(("shared.", "api")) or module == "shared") and not module.startswith("shared.cli")]  # fmt: skip
    assert not bad, "\n".join(bad)


def test_the_check_sees_an_import() -> None:
    # The rule above would pass on an empty list: make sure it reads a real module's imports.
    assert "shared.worker.app" in imported_modules(ROOT / "shared" / "handlers.py")
