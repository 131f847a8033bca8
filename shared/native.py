"""The parser compiled with mypyc, used only while it matches the source: a build, never a requirement.

    python -m shared.native build     # `make native` (and `make install` on a new environment): compile
    python -m shared.native status    # whether the compiled modules are in use here, and why not

The modules in `MODULES` (the parser's row grammar, tokenizer, layout and value readers: pure Python that runs
per word and per line) compile with mypyc unchanged, and the analysis's output stays byte-identical
(`bench/identical.py`); the whole analysis takes about a quarter less CPU time. The build goes to `.native/`
at the repository's root (ignored by git), never next to the sources: an extension module there would shadow
its `.py` file, and an edit would silently not run. Instead `use()` (called by `shared.analysis` on import)
puts an import hook in front only when every condition holds:

- `.native/manifest.json` exists (a build was made) for this Python (the extension suffix matches);
- the SHA-256 of every `.py` file under `shared/analysis/` equals the one recorded at build time: any edit
  anywhere in the analysis package makes the whole build stale (the compiled modules call each other natively
  and were typed against the rest), so then nothing compiled is used and the package runs as pure Python;
- `ANALYSIS_NATIVE` is not set to 0/false/no/off (to debug, profile or patch the pure-Python code).

Without a C compiler, without mypyc, or when the build fails, there is no manifest: pure Python, as before.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD_DIR = ROOT / ".native"
MANIFEST = "manifest.json"
PACKAGE = "shared/analysis"  # every .py file under it is hashed
MODULES = (
    "shared.analysis.tokens", "shared.analysis.rows", "shared.analysis.parser", "shared.analysis.values",
    "shared.analysis.units", "shared.analysis.names", "shared.analysis.legend", "shared.analysis.patient",
    "shared.analysis.ranges", "shared.analysis.layout.columns", "shared.analysis.layout.blocks",
    "shared.analysis.layout.lines", "shared.analysis.layout.roles", "shared.analysis.layout.across",
    "shared.analysis.layout.words", "shared.analysis.layout.records", "shared.analysis.advise", "shared.analysis.advice.premise",
    "shared.analysis.severity", "shared.analysis.narrative",
    "shared.analysis.markers", "shared.analysis.interpret", "shared.analysis.wording", "shared.analysis.gauges",
    "shared.analysis.layout.fills",
)  # fmt: skip
# C extension modules (a .c file beside where the module's .py would be), built with the compiled modules and used
# only with them: layout/pdfium_c.c, PDFium's per-character and per-object calls in C loops (layout/words.py)
C_MODULES = ("shared.analysis.layout.pdfium_c",)
_SOURCE_SUFFIXES = (".py", ".c")
_OFF = {"0", "false", "no", "off"}
_MYPY_CONFIG = "[mypy]\nignore_missing_imports = True\nfollow_imports = silent\nplugins = pydantic.mypy\n"


def source_digest(root: Path = ROOT) -> str:
    """SHA-256 over the analysis package's .py and .c files (their paths and contents), in a fixed order."""
    h = hashlib.sha256()
    for path in sorted(p for p in (root / PACKAGE).rglob("*") if p.suffix in _SOURCE_SUFFIXES and p.is_file()):
        h.update(path.relative_to(root).as_posix().encode() + b"\0")
        h.update(path.read_bytes() + b"\0")
    return h.hexdigest()


def _suffix() -> str:
    return importlib.machinery.EXTENSION_SUFFIXES[0]


def why_not(build_dir: Path = BUILD_DIR, root: Path = ROOT) -> tuple[str | None, dict[str, str]]:
    """(None, {module name: file under build_dir}) when the build can be used, else (the reason, {})."""
    if os.environ.get("ANALYSIS_NATIVE", "").strip().lower() in _OFF:
        return "ANALYSIS_NATIVE is off", {}
    try:
        manifest = json.loads((build_dir / MANIFEST).read_text())
    except (OSError, ValueError):
        return "no build (python -m shared.native build)", {}
    if manifest.get("suffix") != _suffix():
        return f"built for another Python ({manifest.get('suffix')})", {}
    files: dict[str, str] = manifest.get("files", {})
    if not files or any(not (build_dir / f).is_file() for f in files.values()):
        return "the build is incomplete", {}
    if manifest.get("source") != source_digest(root):
        return "stale: shared/analysis changed since the build (make native)", {}
    return None, files


class _Finder:
    """Finds the compiled modules (and mypyc's shared library for them) in the build directory."""

    def __init__(self, build_dir: Path, files: dict[str, str]) -> None:
        self.build_dir = build_dir
        self.files = files

    def find_spec(self, name: str, path: Sequence[str] | None = None, target: object = None):
        file = self.files.get(name)
        if file is None:
            return None
        return importlib.util.spec_from_file_location(name, self.build_dir / file)


def use(build_dir: Path = BUILD_DIR, root: Path = ROOT) -> bool:
    """Put the import hook in front when the build can be used (see the module's doc). Idempotent."""
    if any(isinstance(f, _Finder) for f in sys.meta_path):
        return True
    reason, files = why_not(build_dir, root)
    if reason is not None:
        return False
    sys.meta_path.insert(0, _Finder(build_dir, files))
    return True


def build(build_dir: Path = BUILD_DIR, root: Path = ROOT) -> int:
    """Compile MODULES from a copy of the sources (the digest recorded is the copy's, so an edit made during
    the build leaves the build stale, never wrong) into build_dir, replacing any earlier build."""
    with tempfile.TemporaryDirectory(prefix="native-") as tmp:
        work = Path(tmp)
        shutil.copytree(root / "shared", work / "shared", ignore=shutil.ignore_patterns("__pycache__", "*.so"))
        digest = source_digest(work)
        (work / "mypy.ini").write_text(_MYPY_CONFIG)
        sources = [m.replace(".", "/") + ".py" for m in MODULES]
        done = subprocess.run([sys.executable, "-m", "mypyc", "--config-file", "mypy.ini", *sources], cwd=work,
                              capture_output=True, text=True)  # fmt: skip
        if done.returncode != 0:
            sys.stderr.write(done.stdout[-4000:] + done.stderr[-4000:])
            return done.returncode
        extensions = ", ".join(f"Extension({m!r}, [{m.replace('.', '/') + '.c'!r}], extra_compile_args=['-O2', '-ffp-contract=off'])"
                               for m in C_MODULES)
        done = subprocess.run([sys.executable, "-c", "from setuptools import Extension, setup; "
                               f"setup(name='analysis_c', ext_modules=[{extensions}], script_args=['-q', 'build_ext', '--inplace'])"],
                              cwd=work, capture_output=True, text=True)  # fmt: skip
        if done.returncode != 0:
            sys.stderr.write(done.stdout[-4000:] + done.stderr[-4000:])
            return done.returncode
        files = {m: m.replace(".", "/") + _suffix() for m in MODULES + C_MODULES}
        # mypyc's shared library for the group: a top-level module the compiled modules import by name
        for lib in work.glob(f"*__mypyc{_suffix()}"):
            files[lib.name[: -len(_suffix())]] = lib.name
        missing = [f for f in files.values() if not (work / f).is_file()]
        if missing:
            sys.stderr.write(f"mypyc left no {missing}\n")
            return 1
        staging = build_dir.with_name(build_dir.name + ".new")
        shutil.rmtree(staging, ignore_errors=True)
        for f in files.values():
            (staging / f).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(work / f, staging / f)
        (staging / MANIFEST).write_text(json.dumps({"suffix": _suffix(), "source": digest, "files": files}, indent=1))
        shutil.rmtree(build_dir, ignore_errors=True)
        staging.rename(build_dir)
    return 0


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "status"
    if command == "build":
        code = build()
        print("shared.native: built" if code == 0 else "shared.native: build failed; the analysis runs as pure Python")
        return code
    if command == "status":
        reason, files = why_not()
        print(f"shared.native: compiled modules in use ({len(files)} files)" if reason is None
              else f"shared.native: pure Python ({reason})")
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
