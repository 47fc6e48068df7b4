"""subsim.run: the DataFrames hold what the command's files hold, with proper dtypes; nothing is
written without out=; out= writes the command's folder."""

import datetime
import json
import threading
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
import yaml

import subsim
from conftest import BASELINE, FAQ, cli

RUN_FILES = ["summary.json", "replications.csv", "timeseries.csv", "cohorts.csv", "survival.csv"]


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    """The baseline (3 replications, seed 11) by the command and by the module."""
    out = tmp_path_factory.mktemp("cli") / "out"
    p = cli("run", BASELINE, "--replications", 3, "--seed", 11, "--segments", "--out", out, "-q")
    assert p.returncode == 0, p.stderr
    return out, subsim.run(BASELINE, replications=3, seed=11, segments=True)


def test_files_are_the_commands_byte_for_byte(both):
    out, r = both
    for name in RUN_FILES + ["timeseries_by_segment.csv"]:
        assert r.files[name] == (out / name).read_bytes(), name


def test_dataframes_hold_the_files_values(both):
    out, r = both
    # Read independently: pandas' own parsing of the command's files.
    ts = pd.read_csv(out / "timeseries.csv", na_values=["n/a"])
    assert len(r.timeseries) == len(ts) > 0
    assert list(r.timeseries["metric"]) == list(ts["metric"])
    for col in ("mean", "ci_low", "ci_high"):
        np.testing.assert_array_equal(r.timeseries[col].to_numpy(), ts[col].to_numpy())
    np.testing.assert_array_equal(r.timeseries["n"].to_numpy(), ts["n"].to_numpy())
    reps = pd.read_csv(out / "replications.csv", na_values=["n/a"])
    np.testing.assert_array_equal(r.replications["value"].to_numpy(), reps["value"].to_numpy())
    surv = pd.read_csv(out / "survival.csv")
    np.testing.assert_array_equal(r.survival.to_numpy(dtype=float), surv.to_numpy(dtype=float))
    summary = json.loads((out / "summary.json").read_text())
    for name, m in summary["metrics"].items():
        if "n" in m:
            assert r.summary.at[name, "mean"] == pytest.approx(m["mean"], rel=0, abs=0), name
            assert r.summary.at[name, "n"] == m["n"]
    assert r.info["seed"] == 11 and r.info["replications"] == 3


def test_dtypes(both):
    _, r = both
    assert isinstance(r.timeseries["month"].dtype, pd.PeriodDtype)
    assert str(r.timeseries["month"].iloc[0]) == "2027-01"
    assert isinstance(r.cohorts["cohort"].dtype, pd.PeriodDtype)
    assert r.survival["at_risk"].dtype == np.int64
    # n/a in the file (12-month retention before a year has passed) is NaN.
    grr = r.timeseries[r.timeseries["metric"] == "grr_12m"]
    assert grr["mean"].iloc[0] != grr["mean"].iloc[0]  # NaN
    assert grr["mean"].iloc[-1] > 0
    assert r.summary.at["mrr_end", "unit"] == "money"
    assert r.summary.loc["mrr_end", "ci_low"] < r.summary.loc["mrr_end", "mean"]


def test_money_cents_are_exact(both):
    out, r = both
    rows = [line.split(",") for line in (out / "replications.csv").read_text().splitlines()[1:]]
    money = set(subsim.metrics().query("unit == 'money'").index)
    checked = 0
    for (variant, rep, metric, value), cents in zip(rows, r.replications["cents"]):
        if metric in money and value != "n/a":
            assert cents == int(Decimal(value) * 100), (metric, value)
            checked += 1
        else:
            assert cents is pd.NA
    assert checked >= 3 * 5


def test_trace_is_the_commands(tmp_path):
    out = tmp_path / "t"
    assert cli("run", FAQ, "--replications", 2, "--trace", "--out", out, "-q").returncode == 0
    r = subsim.run(FAQ, replications=2, trace=True)
    assert r.files["events.csv"] == (out / "events.csv").read_bytes()
    assert r.files["subscriptions.csv"] == (out / "subscriptions.csv").read_bytes()
    ev = r.events
    assert np.issubdtype(ev["date"].dtype, np.datetime64)
    assert ev["seats"].dtype == "Int64"
    assert ev["account"].dtype == object and (ev["replication"] <= 1).all()
    # A narrowed trace: only these events, from this day.
    some = subsim.run(FAQ, replications=1, trace={"events": ["start", "renewal"],
                                                  "from": datetime.date(2027, 6, 1)})
    assert set(some.events["event"]) <= {"start", "renewal"}
    assert (some.events["date"] >= "2027-06-01").all() and len(some.events) > 0


def test_nothing_is_written_without_out(empty_cwd):
    r = subsim.run(FAQ, replications=1, trace=True, segments=True)
    assert len(r.events) > 0
    assert list(empty_cwd.iterdir()) == []


def test_out_writes_the_commands_folder(tmp_path):
    out_cli, out_py = tmp_path / "cli", tmp_path / "py"
    assert cli("run", BASELINE, "--replications", 2, "--set", "policy.grace_days=30",
               "--out", out_cli, "-q").returncode == 0
    subsim.run(BASELINE, replications=2, set={"policy.grace_days": 30}, out=out_py)
    names = sorted(p.name for p in out_cli.iterdir())
    assert names == sorted(p.name for p in out_py.iterdir())
    for name in names:
        if name not in ("manifest.json", ".subsim-output"):  # these two name the call
            assert (out_cli / name).read_bytes() == (out_py / name).read_bytes(), name
    m = json.loads((out_py / "manifest.json").read_text())
    assert m["kind"] == "run" and "subsim.run(" in " ".join(m["command"])
    assert m["overrides"] == ["policy.grace_days=30"]
    assert {f["name"] for f in m["outputs"]} == set(names) - {"manifest.json", ".subsim-output"}


def test_a_dict_is_the_same_scenario_as_its_file():
    d = yaml.safe_load(BASELINE.read_text())
    assert isinstance(d["start"], datetime.date)  # a date object, written back as a date
    a = subsim.run(d, replications=2)
    b = subsim.run(BASELINE, replications=2)
    assert a.files == b.files
    d["policy"]["grace_days"] = 30
    c = subsim.run(d, replications=2)
    assert c.files["summary.json"] != b.files["summary.json"]


def test_variant_and_overrides_as_the_command():
    a = subsim.run(BASELINE, replications=2, variant="grace_30")
    b = subsim.run(BASELINE, replications=2, set={"policy.grace_days": 30})
    assert a.replications["value"].equals(b.replications["value"])
    assert a.info["policy"] == "grace_30"


def test_runs_in_threads_run_side_by_side_and_agree():
    """The GIL is released during a run: two threads' runs give what one thread's give."""
    alone = subsim.run(BASELINE, replications=2, seed=3, threads=1).files
    results = [None, None]

    def go(i):
        results[i] = subsim.run(BASELINE, replications=2, seed=3, threads=1).files

    threads = [threading.Thread(target=go, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results[0] == alone and results[1] == alone


def test_validate():
    info = subsim.validate(BASELINE)
    assert info["name"] == "baseline"
    assert "grace_30" in info["variants"]
    assert info["start"] == "2027-01-01"
