"""The .deb (`cpack -G DEB` in the build folder): its file list, its dependencies, and that what
it installs works from where it installs it — the executable, the Python package outside the
build tree, the man page and the bash completion."""

import gzip
import os
import subprocess
import sys

import pytest

from conftest import FAQ, SOURCE

BUILD = os.environ.get("SUBSIM_BUILD_DIR", str(SOURCE / "build"))
CPACK = os.environ.get("SUBSIM_CPACK", "cpack")

EXPECTED = {
    "./usr/bin/subsim",
    "./usr/share/man/man1/subsim.1.gz",
    "./usr/share/bash-completion/completions/subsim",
    "./usr/lib/python3/dist-packages/subsim/__init__.py",
    "./usr/lib/python3/dist-packages/subsim/_api.py",
    "./usr/lib/python3/dist-packages/subsim/_args.py",
    "./usr/lib/python3/dist-packages/subsim/_errors.py",
    "./usr/lib/python3/dist-packages/subsim/_frames.py",
}


@pytest.fixture(scope="module")
def deb(tmp_path_factory):
    out = tmp_path_factory.mktemp("deb")
    p = subprocess.run([CPACK, "-G", "DEB", "-B", str(out)], cwd=BUILD, capture_output=True,
                       text=True)
    assert p.returncode == 0, p.stdout + p.stderr
    debs = list(out.glob("subsim_*.deb"))
    assert len(debs) == 1
    root = out / "root"
    subprocess.run(["dpkg-deb", "-x", str(debs[0]), str(root)], check=True)
    return debs[0], root


def test_the_file_list(deb):
    path, _ = deb
    listing = subprocess.run(["dpkg-deb", "-c", str(path)], capture_output=True, text=True,
                             check=True).stdout
    files = {line.split()[-1] for line in listing.splitlines() if not line.startswith("d")}
    modules = [f for f in files if f.startswith("./usr/lib/python3/dist-packages/subsim/_subsim.")
               and f.endswith(".so")]
    assert len(modules) == 1
    assert files == EXPECTED | set(modules)
    depends = subprocess.run(["dpkg-deb", "-f", str(path), "Depends"], capture_output=True,
                             text=True, check=True).stdout
    for needed in ("python3-pandas", "python3-numpy", "libyaml-cpp", "libboost-program-options"):
        assert needed in depends


def test_what_it_installs_works(deb, tmp_path):
    _, root = deb
    exe = root / "usr" / "bin" / "subsim"
    version = subprocess.run([str(exe), "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.startswith("subsim ")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(root / "usr" / "lib" / "python3" / "dist-packages")
    script = (f"import subsim; r = subsim.run({str(FAQ)!r}, replications=1); "
              "print(subsim.__file__); print(r.summary.at['customers_end', 'mean'])")
    p = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env,
                       cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert p.stdout.splitlines()[0].startswith(str(root))  # not the build tree's
    assert float(p.stdout.splitlines()[1]) >= 0


def test_the_man_page_has_every_command(deb):
    _, root = deb
    page = gzip.decompress((root / "usr/share/man/man1/subsim.1.gz").read_bytes()).decode()
    assert page.startswith(".TH SUBSIM 1")
    for cmd in ("run", "compare", "sweep", "merge", "report", "fit", "backtest", "validate",
                "explain", "graph", "bench"):
        assert f".SS {cmd}\n" in page
    assert "--trace-compress" in page and "--min-effect" in page  # options, from --help


def test_bash_completes_commands_and_a_commands_options(deb):
    _, root = deb
    exe = root / "usr" / "bin" / "subsim"
    # bash-completion's helpers, reduced to what the script uses, so the test needs no package.
    stubs = ('_init_completion() { cur=${COMP_WORDS[COMP_CWORD]}; '
             'prev=${COMP_WORDS[COMP_CWORD-1]}; words=("${COMP_WORDS[@]}"); cword=$COMP_CWORD; }; '
             '_filedir() { COMPREPLY=(FILES); }; ')
    completion = root / "usr/share/bash-completion/completions/subsim"

    def complete(*words):
        line = " ".join(f"'{w}'" for w in words)
        script = (stubs + f"source '{completion}'; COMP_WORDS=({line}); "
                  f"COMP_CWORD={len(words) - 1}; _subsim; printf '%s\\n' \"${{COMPREPLY[@]}}\"")
        return subprocess.run(["bash", "-c", script], capture_output=True, text=True,
                              check=True).stdout.split()

    assert complete(str(exe), "co") == ["compare"]
    assert set(complete(str(exe), "run", "--trace-")) == {
        "--trace-compress", "--trace-accounts", "--trace-events", "--trace-from", "--trace-to",
        "--trace-sample"}
    assert "--min-effect" in complete(str(exe), "compare", "--m")
    assert complete(str(exe), "run", "--trace-compress", "") == ["zstd", "none"]
    assert complete(str(exe), "run", "") == ["FILES"]
