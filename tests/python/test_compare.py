"""subsim.compare: the same comparison as `subsim compare` — files byte for byte, the verdict's
line — and its argument errors."""

import numpy as np
import pandas as pd
import pytest

import subsim
from conftest import BASELINE, cli

COMPARE_FILES = ["compare.csv", "verdict.txt", "compare_timeseries.csv",
                 "compare_differences.csv", "replications.csv"]


def check_same(tmp_path, cli_args, **kwargs):
    out = tmp_path / "cmp"
    p = cli("compare", BASELINE, *cli_args, "--out", out, "-q")
    assert p.returncode == 0, p.stderr
    c = subsim.compare(BASELINE, **kwargs)
    for name in COMPARE_FILES:
        assert c.files[name] == (out / name).read_bytes(), name
    return p.stdout, c


def test_a_verdict_with_constraints_is_the_commands(tmp_path):
    stdout, c = check_same(
        tmp_path, ["--policy", "default", "--policy", "notice_60", "--policy", "grace_30",
                   "--replications", 4, "--metric", "mrr_end",
                   "--constraint", "churned_customers<=ref*1.02"],
        variants=["default", "notice_60", "grace_30"], replications=4, metric="mrr_end",
        constraints=["churned_customers<=ref*1.02"])
    assert c.verdict == stdout.splitlines()[0]
    assert c.verdict.startswith(("Best on mrr_end", "No "))
    t = c.table
    assert set(t["policy"]) == {"default", "notice_60", "grace_30"}
    assert t["p_holm"].dtype == np.float64 and t["n"].dtype == np.int64
    ref = t[(t["metric"] == "mrr_end") & (t["policy"] == "default")]
    assert float(ref["diff"].iloc[0]) == 0.0
    assert isinstance(c.differences["month"].dtype, pd.PeriodDtype)
    assert set(c.replications["variant"]) == {"default", "notice_60", "grace_30"}


def test_built_variants_and_headlines_are_the_commands(tmp_path):
    stdout, c = check_same(
        tmp_path, ["--policy", "default", "--set-variant", "g45:policy.grace_days=45",
                   "--replications", 3, "--set", "policy.notice_days=45"],
        variants=["default"], set_variant={"g45": {"policy.grace_days": 45}}, replications=3,
        set={"policy.notice_days": 45})
    assert c.verdict == stdout.splitlines()[1]  # after the heading: the first headline
    assert c.info["variants"] == ["default", "g45"]


def test_automatic_replications_are_the_commands(tmp_path):
    stdout, c = check_same(
        tmp_path, ["--policy", "default", "--policy", "notice_60", "--metric", "mrr_end",
                   "--replications", "auto", "--min-effect", "2%", "--max-replications", 40],
        variants=["default", "notice_60"], metric="mrr_end", replications="auto",
        min_effect="2%", max_replications=40)
    assert c.verdict == stdout.splitlines()[0]
    assert 2 <= c.info["replications"] <= 40


@pytest.mark.parametrize("kwargs, error, words", [
    ({"variants": ["default"]}, ValueError, "at least two"),
    ({"variants": ["default", "notice_60"], "metric": "mrr"}, ValueError, "unknown metric 'mrr'"),
    ({"variants": ["default", "notice_60"], "objective": "best"}, ValueError, "objective"),
    ({"variants": ["default", "notice_60"], "constraints": ["mrr_end=3"]}, ValueError, "constraint"),
    ({"variants": ["default"], "set_variant": {"default": {"policy.grace_days": 3}}}, ValueError,
     "cannot change 'default'"),
    ({"variants": ["default", "notice_60"], "replications": 1}, ValueError, "replications"),
    ({"variants": ["default", "notice_60"], "replications": "auto"}, ValueError,
     "replications='auto' needs metric"),
    ({"variants": "default,notice_60", "replications": 2}, ValueError, "at least two"),
    ({"variants": [1, 2]}, TypeError, "variants"),
    ({"variants": ["default"], "set_variant": {"a\udc80": {"policy.grace_days": 3}}}, ValueError,
     "set_variant: not valid text"),
    ({"variants": ["default", "notice_60"], "min_effect": [1]}, TypeError, "min_effect"),
])
def test_a_wrong_comparison_is_refused_before_any_run(kwargs, error, words):
    with pytest.raises(error, match=words):
        subsim.compare(BASELINE, **kwargs)


def test_an_unknown_variant_is_a_scenario_error():
    with pytest.raises(subsim.ScenarioError, match="notice_61"):
        subsim.compare(BASELINE, ["default", "notice_61"], replications=2)


def test_the_command_refuses_an_empty_metric(tmp_path):
    p = cli("compare", BASELINE, "--policy", "default", "--policy", "notice_60", "--metric", "",
            "--replications", 2, "--out", tmp_path / "o")
    assert p.returncode == 2 and "unknown metric ''" in p.stderr
    assert not (tmp_path / "o").exists()
