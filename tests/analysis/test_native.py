"""The compiled parser (shared/native.py) is used only while it matches the sources, and gives the same output."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from shared import native

CORPUS = native.ROOT.parent / "shared" / "corpus"


def _tree(tmp: Path) -> Path:
    """A copy of shared/analysis's sources and a fake build for them (an empty file stands for each module)."""
    root = tmp / "repo"
    shutil.copytree(native.ROOT / native.PACKAGE, root / native.PACKAGE, ignore=shutil.ignore_patterns("__pycache__"))
    build = tmp / "build"
    files = {m: m.replace(".", "/") + native._suffix() for m in native.MODULES}
    for f in files.values():
        (build / f).parent.mkdir(parents=True, exist_ok=True)
        (build / f).write_bytes(b"")
    manifest = {"suffix": native._suffix(), "source": native.source_digest(root), "files": files}
    (build / native.MANIFEST).write_text(json.dumps(manifest))
    return root


def test_a_build_matching_the_sources_is_used(tmp_path, monkeypatch):
    monkeypatch.delenv("ANALYSIS_NATIVE", raising=False)
    root = _tree(tmp_path)
    reason, files = native.why_not(tmp_path / "build", root)
    assert reason is None and set(native.MODULES) <= set(files)


def test_an_edit_anywhere_in_the_package_makes_the_build_stale(tmp_path, monkeypatch):
    monkeypatch.delenv("ANALYSIS_NATIVE", raising=False)
    root = _tree(tmp_path)
    interpret = root / native.PACKAGE / "interpret.py"  # not itself compiled: still stale
    interpret.write_text(interpret.read_text() + "\n# an edit\n")
    reason, files = native.why_not(tmp_path / "build", root)
    assert reason is not None and "stale" in reason and files == {}


def test_no_build_another_python_or_switched_off_means_pure_python(tmp_path, monkeypatch):
    monkeypatch.delenv("ANALYSIS_NATIVE", raising=False)
    root = _tree(tmp_path)
    assert native.why_not(tmp_path / "none", root)[0] is not None
    manifest = json.loads((tmp_path / "build" / native.MANIFEST).read_text())
    (tmp_path / "build" / native.MANIFEST).write_text(json.dumps({**manifest, "suffix": ".cpython-39-x.so"}))
    assert "another Python" in (native.why_not(tmp_path / "build", root)[0] or "")
    (tmp_path / "build" / native.MANIFEST).write_text(json.dumps(manifest))
    (tmp_path / "build" / manifest["files"][native.MODULES[0]]).unlink()
    assert "incomplete" in (native.why_not(tmp_path / "build", root)[0] or "")
    monkeypatch.setenv("ANALYSIS_NATIVE", "0")
    assert "off" in (native.why_not(tmp_path / "build", root)[0] or "")


_DUMP = """
import json, sys
from pathlib import Path
from shared.analysis import analyze_pdf
import shared.analysis.parser as parser
out = {"compiled": not parser.__file__.endswith(".py")}
for p in sorted(Path(sys.argv[1]).glob("*.pdf")):
    out[p.name] = analyze_pdf(p.read_bytes())
print(json.dumps(out, sort_keys=True))
"""


@pytest.mark.skipif(native.why_not()[0] is not None, reason="no usable compiled build here (make native)")
@pytest.mark.skipif(not CORPUS.is_dir(), reason="lab report corpus not found (expected ../shared/corpus next to the repo)")
def test_the_compiled_parser_gives_the_pure_python_output():
    """The corpus analysed in two fresh processes, compiled and pure Python: the same JSON."""

    def run(flag: str) -> dict:
        env = {**os.environ, "ANALYSIS_NATIVE": flag}
        done = subprocess.run([sys.executable, "-c", _DUMP, str(CORPUS)], cwd=native.ROOT, env=env,
                              capture_output=True, text=True, check=True)  # fmt: skip
        return json.loads(done.stdout)

    compiled, pure = run("1"), run("0")
    assert compiled.pop("compiled") is True and pure.pop("compiled") is False
    assert len(compiled) >= 10
    assert compiled == pure


def test_word_init_takes_the_fields_in_order():
    """layout/words.Word writes its dataclass __init__ out (compiled, it runs as C): the same parameters, by position
    and by name, with the fields' defaults. A new field goes into Word.__init__ and here."""
    from dataclasses import fields

    from shared.analysis.layout.words import Word

    sample = {"text": "t", "x0": 1.0, "x1": 2.0, "top": 3.0, "bottom": 4.0, "bold": True, "red": True, "conf": 0.5}
    assert [f.name for f in fields(Word)] == list(sample)
    for w in (Word(*sample.values()), Word(**sample)):
        assert [getattr(w, name) for name in sample] == list(sample.values())
    short = Word("t", 1.0, 2.0, 3.0, 4.0)
    assert [getattr(short, f.name) for f in fields(Word)[5:]] == [f.default for f in fields(Word)[5:]]
