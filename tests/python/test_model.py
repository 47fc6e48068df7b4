"""subsim.model: the callable EMA Workbench and SALib loops take gives the numbers of
`subsim run --set` for the same parameters."""

import json
from concurrent.futures import ThreadPoolExecutor

import pytest

import subsim
from conftest import BASELINE, cli


def test_model_gives_the_commands_numbers(tmp_path):
    f = subsim.model(BASELINE, outcomes=["mrr_end", "churned_customers", "ltv"], replications=2)
    got = f(policy__grace_days=30, **{"behaviour.cancel.monthly": 0.05})
    out = tmp_path / "o"
    p = cli("run", BASELINE, "--replications", 2, "--set", "policy.grace_days=30",
            "--set", "behaviour.cancel.monthly=0.05", "--out", out, "-q")
    assert p.returncode == 0, p.stderr
    metrics = json.loads((out / "summary.json").read_text())["metrics"]
    assert set(got) == {"mrr_end", "churned_customers", "ltv"}
    for k, v in got.items():
        assert v == metrics[k]["mean"], k
    # Another point gives another answer; the same point the same one.
    assert f(policy__grace_days=30, **{"behaviour.cancel.monthly": 0.10})["mrr_end"] < got["mrr_end"]
    assert f(policy__grace_days=30, **{"behaviour.cancel.monthly": 0.05}) == got


def test_points_evaluated_side_by_side_agree_with_one_by_one():
    f = subsim.model(BASELINE, outcomes="mrr_end", replications=1, threads=1)
    points = [{"policy.notice_days": d} for d in (0, 30, 60)]
    alone = [f(**p) for p in points]
    with ThreadPoolExecutor(max_workers=2) as pool:
        together = list(pool.map(lambda p: f(**p), points))
    assert together == alone
    assert len({a["mrr_end"] for a in alone}) == 3


def test_fixed_overrides_as_a_list_and_a_variant():
    f = subsim.model(BASELINE, outcomes=["mrr_end"], replications=1, variant="grace_30",
                     set=["population.initial=500"])
    g = subsim.model(BASELINE, outcomes=["mrr_end"], replications=1,
                     set={"population.initial": 500, "policy.grace_days": 30})
    assert f(policy__notice_days=45) == g(policy__notice_days=45)


def test_a_wrong_model_fails_when_made():
    with pytest.raises(ValueError, match="unknown metric"):
        subsim.model(BASELINE, outcomes=["mrr_at_the_end"])
    with pytest.raises(subsim.ScenarioError):
        subsim.model(BASELINE, outcomes=["mrr_end"], set={"policy.nonsense": 1})
    with pytest.raises(subsim.ScenarioError, match="grace_31"):
        subsim.model(BASELINE, outcomes=["mrr_end"], variant="grace_31")
