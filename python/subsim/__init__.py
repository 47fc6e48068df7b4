"""subsim — a discrete-event simulator of subscription lifecycles, from Python.

    import subsim
    r = subsim.run("scenarios/baseline.yaml", set={"policy.grace_days": 30}, replications=20)
    r.summary.loc["mrr_end"]          # the figure, its 95 % interval, its unit
    r.timeseries                      # every monthly series (month as a monthly Period)

A scenario is a YAML file's path or a dict of the same shape. Nothing is written unless `out=`
names a folder (then exactly what `subsim run --out` writes). Problems with a scenario raise
ScenarioError (file, line, column, message); Ctrl-C stops a run.
"""

from ._errors import Diagnostic, InputError, OutputError, ScenarioError, SubsimError
from ._api import (CompareResult, FitResult, RunResult, SweepResult, compare, explain, fit,
                   metrics, model, run, series, sweep, validate, version)

__all__ = ["run", "compare", "sweep", "explain", "fit", "validate", "model", "metrics", "series",
           "version", "RunResult", "CompareResult", "SweepResult", "FitResult", "ScenarioError",
           "InputError", "OutputError", "SubsimError", "Diagnostic"]
