"""subsim.sweep: the command's result files, in memory or in a resumable folder."""

import pytest

import subsim
from conftest import SOURCE, cli

SWEEP = {
    "scenario": str(SOURCE / "scenarios" / "baseline.yaml"),
    "set": ["population.initial=400", "population.monthly_arrivals.poisson.mean=4"],
    "design": "grid",
    "replications": 2,
    "parameters": {"policy.grace_days": [5, 30], "behaviour.cancel.monthly": [0.01, 0.05]},
}
SOBOL = SOURCE / "scenarios" / "sweeps" / "sobol.yaml"


@pytest.fixture
def sweep_file(tmp_path):
    import json
    p = tmp_path / "grid.yaml"
    p.write_text(json.dumps(SWEEP, indent=2))
    return p


def test_a_grid_is_the_commands(tmp_path, sweep_file, empty_cwd):
    out = tmp_path / "sw"
    assert cli("sweep", sweep_file, "--out", out, "-q").returncode == 0
    s = subsim.sweep(SWEEP)  # the dict gives the file's sweep
    for name in ("points.csv", "results.csv", "summary.csv"):
        assert s.files[name] == (out / name).read_bytes(), name
    assert list(empty_cwd.iterdir()) == []
    assert s.info == {"design": "grid", "points": 4, "replications": 2}
    assert list(s.points.columns) == ["point", "policy.grace_days", "behaviour.cancel.monthly"]
    assert s.points["policy.grace_days"].tolist() == [5, 5, 30, 30]
    m = s.means()
    assert len(m) == 4 and "mrr_end" in m.columns
    # More monthly cancellation, less MRR at the end, at either grace.
    assert m.loc[1, "mrr_end"] < m.loc[0, "mrr_end"] and m.loc[3, "mrr_end"] < m.loc[2, "mrr_end"]


def test_a_sobol_design_has_its_indices(tmp_path):
    out = tmp_path / "sobol"
    args = ["--set", "population.initial=300", "--replications", 1]
    assert cli("sweep", SOBOL, *args, "--out", out, "-q").returncode == 0
    s = subsim.sweep(SOBOL, set={"population.initial": 300}, replications=1, threads=2)
    for name in ("results.csv", "summary.csv", "sensitivity.csv"):
        assert s.files[name] == (out / name).read_bytes(), name
    assert {"metric", "parameter"} <= set(s.sensitivity.columns)


def test_out_keeps_a_resumable_folder(tmp_path, sweep_file):
    out = tmp_path / "kept"
    a = subsim.sweep(sweep_file, out=out)
    names = {p.name for p in out.iterdir()}
    assert {"journal.txt", "results.csv", "summary.csv", "manifest.json"} <= names
    assert (out / "results.csv").read_bytes() == a.files["results.csv"]
    with pytest.raises(subsim.OutputError, match="resume"):
        subsim.sweep(sweep_file, out=out)  # a finished sweep is not overwritten
    b = subsim.sweep(sweep_file, out=out, resume=True)
    assert b.files == a.files


def test_sweep_errors(tmp_path):
    with pytest.raises(subsim.ScenarioError):
        subsim.sweep({**SWEEP, "design": "grid-ish"})
    with pytest.raises(ValueError, match="replications"):
        subsim.sweep(SWEEP, set={"replications": 3})
    with pytest.raises(TypeError, match="sweep"):
        subsim.sweep(3)
    bad = dict(SWEEP, parameters={"policy.grace_days": [5, -1]})
    with pytest.raises(subsim.ScenarioError) as e:
        subsim.sweep(bad)
    assert "point 1" in str(e.value)


def test_validate_takes_a_sweep(sweep_file):
    info = subsim.validate(sweep_file)
    assert info["design"] == "grid" and info["points"] == 4 and info["replications"] == 2
    assert subsim.validate(SWEEP)["points"] == 4
    with pytest.raises(subsim.ScenarioError, match="point 1"):
        subsim.validate(dict(SWEEP, parameters={"policy.grace_days": [5, -1]}))


def test_a_price_rise_of_every_size_with_decimals():
    """A Sobol range over a price change's factor: its values have more decimals than P1 allows
    (6) unless rounded with decimals:; rounded, every point loads and runs."""
    sweep = {
        "scenario": SWEEP["scenario"],
        "set": SWEEP["set"] + ["catalog.price_changes=[{date: 2027-07-01, factor: 1.05}]"],
        "design": "sobol", "samples": 32, "replications": 1,
        "parameters": {"catalog.price_changes.0.factor": {"range": [1.0, 1.15]},
                       "behaviour.price_response.cancel_elasticity": {"range": [0, 20]}},
    }
    with pytest.raises(subsim.ScenarioError, match="6 decimals"):
        subsim.validate(sweep)  # every point loaded, none run
    sweep["parameters"]["catalog.price_changes.0.factor"]["decimals"] = 4
    s = subsim.sweep(sweep)
    factors = s.points["catalog.price_changes.0.factor"]
    assert ((factors * 10_000 - (factors * 10_000).round()).abs() < 1e-6).all()
    assert factors.nunique() > 16
    assert len(s.sensitivity) > 0
