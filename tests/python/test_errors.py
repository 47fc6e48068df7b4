"""Errors are Python exceptions: a scenario's problems carry file, line and column; a wrong
argument raises TypeError or ValueError naming it; a folder subsim will not touch raises
OutputError and stays as it was; Ctrl-C interrupts a run."""

import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

import subsim
from conftest import BASELINE, SOURCE, cli


def test_a_scenario_error_carries_its_position(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(BASELINE.read_text().replace("grace_days: 15", "grace_days: fifteen"))
    with pytest.raises(subsim.ScenarioError) as e:
        subsim.run(bad)
    p = cli("run", bad, "--out", tmp_path / "o")
    assert p.returncode == 2
    # The same position and message as the command prints.
    assert str(e.value.errors[0]) == p.stderr.strip().splitlines()[0]
    assert e.value.file == str(bad)
    assert e.value.line == 19 and e.value.column > 1
    assert "grace_days" in e.value.message
    assert isinstance(e.value, ValueError)


def test_every_problem_is_listed(tmp_path):
    bad = tmp_path / "bad.yaml"
    text = BASELINE.read_text().replace("grace_days: 15", "grace_days: fifteen")
    bad.write_text(text.replace("notice_days: 30", "notice_days: -3"))
    with pytest.raises(subsim.ScenarioError) as e:
        subsim.validate(bad)
    assert len(e.value.errors) >= 2
    assert sorted(d.line for d in e.value.errors)[:2] == [18, 19]


def test_a_dict_scenarios_error_names_the_dict():
    with pytest.raises(subsim.ScenarioError) as e:
        subsim.run({"name": "x", "start": "2027-01-01", "horizon": "1y", "bogus": 1})
    assert e.value.file == "<dict>" and e.value.line > 0
    assert "bogus" in str(e.value)


def test_an_unknown_override_is_a_scenario_error():
    with pytest.raises(subsim.ScenarioError) as e:
        subsim.run(BASELINE, set={"policy.grace_dayz": 3})
    assert "grace_dayz" in e.value.message


def test_a_missing_file():
    with pytest.raises(subsim.ScenarioError) as e:
        subsim.run(SOURCE / "no-such.yaml")
    assert "no-such.yaml" in e.value.file


@pytest.mark.parametrize("kwargs, error, word", [
    ({"replications": "3"}, TypeError, "replications"),
    ({"replications": 0}, ValueError, "replications"),
    ({"seed": -1}, ValueError, "seed"),
    ({"seed": 1.5}, TypeError, "seed"),
    ({"threads": -2}, ValueError, "threads"),
    ({"set": 3}, TypeError, "set"),
    ({"set": ["policy.grace_days"]}, ValueError, "set"),
    ({"variant": 3}, TypeError, "variant"),
    ({"segments": "yes"}, TypeError, "segments"),
    ({"trace": {"colour": "red"}}, ValueError, "trace"),
    ({"trace": {"accounts": ["nobody-here"]}}, ValueError, "trace"),
    ({"out": 3}, TypeError, "out"),
    ({"out": "o1\0evil"}, ValueError, "out: a NUL"),
    ({"set": {"name": "x\ud800y"}}, ValueError, "set: name: not valid text"),
    ({"set": {"name=evil": "x"}}, ValueError, "set: 'name=evil' is not a dotted path"),
    ({"replications": np.bool_(True)}, TypeError, "replications"),
    ({"variant": "grace\0_30"}, ValueError, "variant: a NUL"),
])
def test_a_wrong_argument_names_itself(kwargs, error, word):
    with pytest.raises(error, match=word):
        subsim.run(BASELINE, **kwargs)


def test_a_scenario_of_the_wrong_type():
    with pytest.raises(TypeError, match="scenario"):
        subsim.run(42)
    # A NUL would cut the path short (the file before it would run): refused.
    with pytest.raises(ValueError, match="scenario: a NUL"):
        subsim.run(str(BASELINE) + "\0.yaml")
    with pytest.raises(ValueError, match="scenario: not valid text"):
        subsim.run({"name": "\udcff"})


def test_a_foreign_folder_is_refused_and_left_alone(tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.tex").write_text("years of work")
    with pytest.raises(subsim.OutputError):
        subsim.run(BASELINE, replications=1, out=out)
    assert [p.name for p in out.iterdir()] == ["thesis.tex"]
    assert (out / "thesis.tex").read_text() == "years of work"


def test_ctrl_c_interrupts_a_run(tmp_path):
    """A long run in a child Python gets SIGINT: KeyboardInterrupt, soon, nothing written."""
    script = (
        "import subsim, sys\n"
        "print('started', flush=True)\n"
        "try:\n"
        f"    subsim.run({str(BASELINE)!r}, replications=2000, threads=1, out='o')\n"
        "except KeyboardInterrupt:\n"
        "    print('interrupted', flush=True)\n"
        "    sys.exit(7)\n")
    child = subprocess.Popen([sys.executable, "-c", script], cwd=tmp_path, env=os.environ,
                             stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "started"
    time.sleep(1.0)
    sent = time.monotonic()
    child.send_signal(signal.SIGINT)
    out, _ = child.communicate(timeout=60)
    assert child.returncode == 7, out
    assert "interrupted" in out
    assert time.monotonic() - sent < 5
    # The folder made for the run is gone again (nothing was committed), no staging left.
    assert [p.name for p in tmp_path.iterdir()] == []


def test_ctrl_c_while_a_folder_is_written_leaves_it_whole(tmp_path):
    """SIGINT at any moment of run(out=…) in a process with more than one thread (a timer's): the
    call raises KeyboardInterrupt or returns, and the folder is either absent or complete — no
    staging folder, no half-written set."""
    script = (
        "import json, os, signal, threading, time, subsim\n"
        "states = []\n"
        "for i in range(24):\n"
        "    out = f'o{i}'\n"
        "    t = threading.Timer(0.004 * i, os.kill, (os.getpid(), signal.SIGINT))\n"
        "    stopped = False\n"
        "    try:\n"
        "        t.start()\n"
        f"        subsim.run({str(BASELINE)!r}, replications=2, threads=2, out=out)\n"
        "        t.join()\n"
        "        time.sleep(0.02)\n"
        "    except KeyboardInterrupt:\n"
        "        stopped = True\n"
        "        t.join()\n"
        "    states.append(stopped)\n"
        "print(json.dumps(states))\n")
    p = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=os.environ,
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    import json
    states = json.loads(p.stdout)
    assert len(states) == 24 and any(states)  # the signals did interrupt
    names = sorted(x.name for x in tmp_path.iterdir())
    assert all(n.startswith("o") and n[1:].isdigit() for n in names), names  # no staging left
    for n in names:  # every folder left is a whole set: its marker's files, each whole
        marker = (tmp_path / n / ".subsim-output").read_text().splitlines()
        listed = [line.split() for line in marker if line and not line.startswith("#")]
        assert {name for _, _, name in listed} == {
            "summary.json", "replications.csv", "timeseries.csv", "cohorts.csv", "survival.csv",
            "manifest.json"}, n
        for _, size, name in listed:
            assert (tmp_path / n / name).stat().st_size == int(size), (n, name)


def test_a_trace_too_large_for_memory_is_refused_before_the_run():
    """trace=True keeps the trace in memory: a run whose trace would not fit (200,000 customers,
    3 years, 50 replications: ~7 M events a replication, 360 M in all) is a
    ScenarioError naming the trace, raised at once — the run itself would need under 1 GiB."""
    big = {"population.initial": 200_000}
    with pytest.raises(subsim.ScenarioError, match="trace kept in memory") as e:
        subsim.run(BASELINE, set=big, replications=50, trace=True)
    assert e.value.file == str(BASELINE)


def test_python_may_exit_while_a_thread_runs():
    """A daemon thread in the middle of a run when Python exits: the process ends normally (the
    run never asks for the GIL from a thread Python is tearing down)."""
    script = (
        "import threading, time, subsim\n"
        f"threading.Thread(target=lambda: subsim.run({str(BASELINE)!r}, replications=60,\n"
        "                 threads=1), daemon=True).start()\n"
        "time.sleep(0.3)\n")
    for _ in range(3):
        p = subprocess.run([sys.executable, "-c", script], env=os.environ, capture_output=True,
                           text=True, timeout=60)
        assert p.returncode == 0, p.stderr
