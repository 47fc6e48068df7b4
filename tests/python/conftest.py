"""Shared fixtures of the Python tests (run by ctest: tests/python/CMakeLists.txt sets
SUBSIM_BINARY, SUBSIM_SOURCE_DIR and PYTHONPATH to the built package)."""

import os
import subprocess
from pathlib import Path

import pytest

SOURCE = Path(os.environ.get("SUBSIM_SOURCE_DIR", Path(__file__).resolve().parents[2]))
BINARY = os.environ.get("SUBSIM_BINARY", str(SOURCE / "build" / "subsim"))
BASELINE = SOURCE / "scenarios" / "baseline.yaml"
FAQ = SOURCE / "scenarios" / "faq.yaml"


def cli(*args, cwd=None):
    """Runs the subsim executable; returns the completed process (output as text)."""
    return subprocess.run([BINARY, *map(str, args)], capture_output=True, text=True, cwd=cwd)


@pytest.fixture
def empty_cwd(tmp_path, monkeypatch):
    """A fresh current folder, to see that nothing is written into it."""
    d = tmp_path / "cwd"
    d.mkdir()
    monkeypatch.chdir(d)
    return d
