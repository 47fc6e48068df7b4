"""subsim.fit and subsim.explain: the command's files and text, from a file or a DataFrame."""

import json

import numpy as np
import pandas as pd
import pytest

import subsim
from conftest import BASELINE, FAQ, SOURCE, cli

COHORTS = SOURCE / "scenarios" / "cohorts" / "fader_hardie.csv"


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    """A subscription export: the baseline's billing export (run --trace's subscriptions.csv)."""
    out = tmp_path_factory.mktemp("export") / "run"
    p = cli("run", BASELINE, "--replications", 1, "--trace", "--out", out, "-q")
    assert p.returncode == 0, p.stderr
    return out / "subscriptions.csv"


def test_an_exports_fit_is_the_commands(tmp_path, export):
    out = tmp_path / "fit"
    p = cli("fit", export, "--as-of", "2029-12-31", "--notice-days", 45, "--out", out)
    assert p.returncode == 0, p.stderr
    f = subsim.fit(export, as_of="2029-12-31", notice_days=45)
    assert f.kind == "export"
    for name in ("fit.json", "book.csv", "scenario.yaml"):
        assert f.files[name] == (out / name).read_bytes(), name
    assert f.summary.splitlines()[0] == p.stdout.splitlines()[0]
    e = f.estimates
    assert e.loc["arrivals_per_month", "ci_low"] < e.loc["arrivals_per_month", "value"]
    assert "cancel.monthly.constant" in e.index
    assert np.issubdtype(f.book["anchor"].dtype, np.datetime64)
    assert len(f.book) == len((out / "book.csv").read_text().splitlines()) - 1


def test_a_dataframe_fits_as_its_file(export):
    a = subsim.fit(export, as_of="2029-12-31")
    df = pd.read_csv(export, dtype=str, keep_default_na=False)
    b = subsim.fit(df, as_of="2029-12-31")
    fa, fb = json.loads(a.files["fit.json"]), json.loads(b.files["fit.json"])
    assert fb.pop("file") == "<DataFrame>" and fa.pop("file") == str(export)
    assert fa == fb
    assert a.files["book.csv"] == b.files["book.csv"]


def test_the_fitted_folder_runs(tmp_path, export):
    out = tmp_path / "fitted"
    subsim.fit(export, as_of="2029-12-31", out=out)
    assert {"fit.json", "book.csv", "scenario.yaml", "manifest.json"} <= {p.name for p in out.iterdir()}
    r = subsim.run(out / "scenario.yaml", replications=1, set={"horizon": "6m"})
    assert r.summary.at["mrr_end", "mean"] > 0


def test_a_cohort_tables_fit_is_the_commands(tmp_path):
    out = tmp_path / "cohorts"
    assert cli("fit", COHORTS, "--holdout", 2, "--out", out).returncode == 0
    c = subsim.fit(COHORTS, holdout=2)
    assert c.kind == "cohorts"
    for name in ("fit.json", "projection.csv"):
        assert c.files[name] == (out / name).read_bytes(), name
    # Each cohort's sBG parameters with their profile-likelihood intervals, by cohort name.
    assert {"regular.alpha", "regular.beta", "high end.alpha"} <= set(c.estimates.index)
    assert c.projection["period"].dtype == np.int64


def test_fit_errors(tmp_path, export):
    with pytest.raises(ValueError, match="as_of"):
        subsim.fit(export)
    with pytest.raises(ValueError, match="as_of"):
        subsim.fit(export, as_of="31/12/2029")
    with pytest.raises(ValueError, match="discount_rate"):
        subsim.fit(export, as_of="2029-12-31", discount_rate=-1)
    with pytest.raises(TypeError, match="data"):
        subsim.fit(42, as_of="2029-12-31")
    bad = tmp_path / "bad.csv"
    rows = export.read_text().splitlines()
    header = rows[0].split(",")
    fields = rows[3].split(",")
    fields[header.index("seats")] = "many"
    bad.write_text("\n".join(rows[:3] + [",".join(fields)] + rows[4:10]) + "\n")
    with pytest.raises(subsim.InputError) as e:
        subsim.fit(bad, as_of="2029-12-31")
    assert e.value.file == str(bad) and e.value.line == 4
    p = cli("fit", bad, "--as-of", "2029-12-31", "--out", tmp_path / "o")
    assert p.returncode == 2 and p.stderr.strip().splitlines()[0] == str(e.value.errors[0])


def test_explain_is_the_commands():
    d = subsim.explain(FAQ, "monthly-cancel")
    p = cli("explain", FAQ, "--account", "monthly-cancel", "--format", "csv")
    ref = pd.read_csv(pd.io.common.StringIO(p.stdout), keep_default_na=False, dtype=str)
    assert list(d.columns) == list(ref.columns)
    assert list(d["rule"]) == list(ref["rule"]) and list(d["why"]) == list(ref["why"])
    assert np.issubdtype(d["date"].dtype, np.datetime64)
    assert d.attrs["text"] == cli("explain", FAQ, "--account", "monthly-cancel").stdout
    assert d["invoiced"].sum() > 0


def test_explain_errors():
    with pytest.raises(ValueError, match="no account 'nobody'"):
        subsim.explain(FAQ, "nobody")
    with pytest.raises(subsim.ScenarioError):
        subsim.explain(FAQ, "monthly-cancel", variant="no-such-variant")
