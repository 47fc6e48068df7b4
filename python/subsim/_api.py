"""subsim.run, validate, model and the registries (see the package's docstring)."""

import functools
import json
import warnings

import pandas as pd

from . import _args, _frames
from . import _subsim


def version():
    """subsim's version and the git commit of this build: 'subsim 0.1.0 (commit …)'."""
    return _subsim.version()


@functools.lru_cache(maxsize=None)
def _registry():
    return pd.DataFrame(_subsim.metrics(), columns=["metric", "unit", "better", "group", "label",
                                                    "definition", "alias"]).set_index("metric")


def metrics():
    """Every summary metric (the rows of RunResult.summary): unit (money, count, share, rate,
    ratio), which direction is better (+1, -1, 0), the report's group, label and definition."""
    return _registry().copy()


def series():
    """Every monthly series of RunResult.timeseries: unit and definition."""
    return pd.DataFrame(_subsim.series(), columns=["series", "unit", "definition"]).set_index(
        "series")


class _Files:
    """A command's files by name (`files`: each file's bytes as the command writes them), and
    their DataFrames, made when first read (`_frame_of`)."""

    _kind = "result"  # "this run has no …"

    def __init__(self, raw):
        self.files = {name: data for name, data in raw["files"]}

    def _frame(self, name):
        if name not in self.files:
            raise AttributeError(f"this {self._kind} has no {name} (see its documentation)")
        return _frames.frame(name, self.files[name], _registry()["unit"].to_dict())


def _frame_of(name):
    """The attribute of a result that is the DataFrame of its file `name`."""
    prop = functools.cached_property(lambda self: self._frame(name))
    prop.__doc__ = f"{name} as a DataFrame"
    return prop


class RunResult(_Files):
    """A run's results. DataFrames (made when first read): summary, timeseries, cohorts,
    survival, replications; timeseries_by_segment with segments=True; events and subscriptions
    with trace=True. `info`: scenario, seed, replications, start, end, policy and the run's
    events, customer-years and wall seconds. `files`: each file's text as `subsim run` writes it."""

    _kind = "run"

    def __init__(self, raw):
        super().__init__(raw)
        s = json.loads(self.files["summary.json"])
        self.info = {k: v for k, v in s.items() if k != "metrics"}
        for k in ("events", "customer_years", "wall_seconds"):
            self.info[k] = raw[k]
        self._summary_json = s

    @functools.cached_property
    def summary(self):
        reg = _registry()
        return _frames.summary_frame(self._summary_json, reg["label"].to_dict(),
                                     reg["unit"].to_dict())

    timeseries = _frame_of("timeseries.csv")
    timeseries_by_segment = _frame_of("timeseries_by_segment.csv")
    cohorts = _frame_of("cohorts.csv")
    survival = _frame_of("survival.csv")
    replications = _frame_of("replications.csv")
    events = _frame_of("events.csv")
    subscriptions = _frame_of("subscriptions.csv")

    def __repr__(self):
        i = self.info
        return (f"<subsim.RunResult {i['scenario']!r} policy {i['policy']!r}, "
                f"{i['replications']} replications, seed {i['seed']}, {i['start']} … {i['end']}>")


class CompareResult(_Files):
    """A comparison's results: `verdict` (the answer's line), `answer` (verdict.txt: the line,
    its table and what each variant changes from the reference), and DataFrames `table` (compare.csv: every metric
    of every variant with its difference to the reference, interval and p-values), `timeseries`,
    `differences` (monthly, against the reference) and `replications`. `info`: variants, seed,
    replications, events, wall seconds. `files`: each file's text as `subsim compare` writes it."""

    _kind = "comparison"

    def __init__(self, raw, metric):
        super().__init__(raw)
        self.answer = self.files["verdict.txt"].decode("utf-8", "replace")
        lines = self.answer.splitlines()
        # With a metric the answer begins with the verdict; without, with a heading and then
        # each headline metric's verdict (the first: recognised revenue).
        self.verdict = lines[0] if metric else (lines[1] if len(lines) > 1 else "")
        self.info = {k: raw[k] for k in ("variants", "seed", "replications", "events",
                                         "wall_seconds")}

    table = _frame_of("compare.csv")
    timeseries = _frame_of("compare_timeseries.csv")
    differences = _frame_of("compare_differences.csv")
    replications = _frame_of("replications.csv")

    def __repr__(self):
        return f"<subsim.CompareResult {self.verdict}>"

    def __str__(self):
        return self.answer


def compare(scenario, variants, set=None, set_variant=None, metric=None, objective="max",
            constraints=None, replications=None, min_effect=None, precision=None,
            max_replications=1000, independent=False, seed=None, threads=None, out=None):
    """Compares variants of a scenario as `subsim compare` does (common random numbers unless
    independent=True) and returns a CompareResult.

    variants: names from the scenario's variants: or policies: ("default": as written), the
    reference first; set_variant: {name: {key: value}} builds or extends variants (compared after
    the named ones); metric, objective ("max"/"min"), constraints (["churned_customers<=ref*1.02"]):
    the question the verdict answers; replications: a number (2 or more), or "auto" with
    min_effect (KN selection of the best; "0.5%" or a number in the metric's unit) or precision
    (narrow the interval), up to max_replications."""
    path, text = _args.scenario_source(scenario)
    names = _args.names("variants", variants)
    built = _args.built_variants(set_variant)
    automatic = replications == "auto"
    raw = _subsim._compare(
        path=path, text=text, names=names, built=built, sets=_args.overrides(set),
        metric=None if metric is None else _args.text("metric", metric),
        objective=_args.text("objective", objective),
        constraints=_args.names("constraints", constraints or []),
        replications=0 if automatic else _args.whole("replications", replications, 2, 100000, 0),
        automatic=automatic, precision=_args.share("precision", precision),
        min_effect=_args.share("min_effect", min_effect),
        max_replications=_args.whole("max_replications", max_replications, 2, 100000, 1000),
        independent=_args.flag("independent", independent),
        seed=_args.whole("seed", seed, 0, 2**64 - 1, None),
        threads=_args.whole("threads", threads, 0, 4096, 0), out=_args.folder("out", out),
        command=_call_text("compare", scenario=scenario if text is None else "<dict>",
                           variants=variants, set=set, set_variant=set_variant, metric=metric,
                           constraints=constraints, replications=replications)
        if out is not None else [])
    return CompareResult(raw, metric)


def explain(scenario, account, replication=0, seed=None, set=None, variant=None):
    """One account's events, dated, each with the rule that decided it and why, as a DataFrame
    (`subsim explain --format csv`: date, event, subscription, state_before, state_after, rule,
    invoiced, mrr_change, why). `attrs["text"]` holds explain's text for a reader, `attrs["json"]`
    its JSON. `account` is a scripted account's id or c<number> for a synthetic customer."""
    path, text = _args.scenario_source(scenario)
    raw = _subsim._explain(path=path, text=text, sets=_args.overrides(set),
                           variant=_args.text("variant", variant),
                           account=_args.text("account", account),
                           replication=_args.whole("replication", replication, 0, 100000, 0),
                           seed=_args.whole("seed", seed, 0, 2**64 - 1, None))
    df = _frames.frame("explain.csv", raw["csv"])
    df.attrs["text"] = raw["text"].decode("utf-8", "replace")
    df.attrs["json"] = raw["json"].decode("utf-8", "replace")
    return df


class FitResult:
    """What `subsim fit` finds. `kind`: "export" (a subscription export) or "cohorts" (a cohort
    table). `fit`: fit.json as a dict; `estimates`: every estimate with its 95 % interval as a
    DataFrame; `summary`: the lines the command prints. An export also gives `book` (book.csv,
    the book in force on as_of, a DataFrame) and `scenario` (scenario.yaml's text: run it with
    subsim.run after saving it with the book, or give both to `out=`); a cohort table gives
    `projection` (projection.csv). `files`: each file's text as the command writes it."""

    def __init__(self, raw):
        self.kind = raw["kind"]
        self.files = {name: data for name, data in raw["files"]}
        self.summary = raw["summary"].decode("utf-8", "replace")
        self.ignored_columns = list(raw["ignored_columns"])
        self.fit = json.loads(self.files["fit.json"])
        self.scenario = self.files["scenario.yaml"].decode() if "scenario.yaml" in self.files else None

    @functools.cached_property
    def estimates(self):
        return _frames.estimates_frame(self.fit)

    @functools.cached_property
    def book(self):
        if "book.csv" not in self.files:
            raise AttributeError("a cohort table's fit has no book")
        return _frames.frame("book.csv", self.files["book.csv"])

    @functools.cached_property
    def projection(self):
        if "projection.csv" not in self.files:
            raise AttributeError("an export's fit has no projection (see `book`, `scenario`)")
        return _frames.frame("projection.csv", self.files["projection.csv"])

    def __repr__(self):
        return f"<subsim.FitResult {self.kind}: {self.summary.splitlines()[0] if self.summary else ''}>"


def fit(data, as_of=None, since=None, observed_since=None, discount_rate=0.10, notice_days=30,
        holdout=0, columns=None, out=None):
    """Fits a subscription export (with as_of, the export date) or a cohort table (cohort,
    period, active) as `subsim fit` does; `data` is a CSV file's path or a DataFrame. columns:
    {subsim's name: the export's name} (as --columns); since, observed_since, discount_rate,
    notice_days, holdout: as the command's options. Returns a FitResult; out= also writes the
    command's folder (fit.json, book.csv, scenario.yaml or projection.csv, manifest.json)."""
    path, text = _args.table_source(data)
    raw = _subsim._fit(path=path, text=text, as_of=_args.date_text("as_of", as_of),
                       since=_args.date_text("since", since),
                       observed_since=_args.date_text("observed_since", observed_since),
                       discount=_args.rate("discount_rate", discount_rate),
                       notice_days=_args.whole("notice_days", notice_days, 0, 365, 30),
                       holdout=_args.whole("holdout", holdout, 0, 10000, 0),
                       columns=_args.column_names(columns), out=_args.folder("out", out),
                       command=_call_text("fit", data=path, as_of=as_of, since=since)
                       if out is not None else [])
    return FitResult(raw)


class SweepResult(_Files):
    """A sweep's results: `points` (points.csv: each point's parameter values), `results`
    (results.csv: every run's metrics), `summary` (summary.csv: each point's mean and 95 %
    interval per metric), `sensitivity` (sensitivity.csv, a Sobol design's indices) and
    `means()` (one row per point: its parameters and each metric's mean). `info`: design,
    points, replications. `files`: each file's text as `subsim sweep` writes it."""

    _kind = "sweep"

    def __init__(self, raw):
        super().__init__(raw)
        self.info = {k: raw[k] for k in ("design", "points", "replications")}

    points = _frame_of("points.csv")
    results = _frame_of("results.csv")
    summary = _frame_of("summary.csv")
    sensitivity = _frame_of("sensitivity.csv")

    def means(self):
        """One row per point (index: point): its parameters, then each metric's mean."""
        s = self.summary
        wide = s.pivot(index="point", columns="metric", values="mean")[list(pd.unique(s["metric"]))]
        wide.columns.name = None
        return self.points.set_index("point").join(wide)

    def __repr__(self):
        i = self.info
        return f"<subsim.SweepResult {i['design']}: {i['points']} points × {i['replications']} replications>"


def sweep(sweep, set=None, replications=None, seed=None, threads=None, out=None, resume=False):
    """Runs a sweep (a sweep YAML file's path, or a dict of the same shape) as `subsim sweep`
    does and returns a SweepResult. set: {key: value} applied to every point; replications, seed:
    override the file's; out: also keep the command's folder (journal, results, manifest), and
    resume=True finishes an interrupted one there, running only what is missing."""
    path, text = _args.scenario_source(sweep, what="sweep")
    raw = _subsim._sweep(path=path, text=text, sets=_args.overrides(set),
                         replications=_args.whole("replications", replications, 1, 100000, 0),
                         seed=_args.whole("seed", seed, 0, 2**64 - 1, None),
                         threads=_args.whole("threads", threads, 0, 4096, 0),
                         out=_args.folder("out", out), resume=_args.flag("resume", resume),
                         command=_call_text("sweep", sweep=path, set=set,
                                            replications=replications, seed=seed)
                         if out is not None else [])
    for w in raw["warnings"]:  # lines of a resumed journal found bad: their runs were redone
        warnings.warn(w, RuntimeWarning, stacklevel=2)
    return SweepResult(raw)


def _call_text(fn, **kwargs):
    shown = ", ".join(f"{k}={v!r}" for k, v in kwargs.items() if v not in (None, False))
    return ["python3", f"subsim.{fn}({shown})"]


def run(scenario, set=None, variant=None, replications=None, seed=None, threads=None,
        segments=False, trace=False, out=None):
    """Runs a scenario (a YAML file's path, or a dict of the same shape) and returns a RunResult.

    set: {dotted.key: value} overrides (as --set); variant: a name from the scenario's variants:
    or policies:; replications, seed: override the scenario's; threads: 0 or None for every core;
    segments: also timeseries_by_segment; trace: True (events and subscriptions) or a dict
    narrowing it — accounts, events, from, to, sample — as run --trace-*; out: also write the
    folder exactly as `subsim run --out` does (nothing is written without it)."""
    path, text = _args.scenario_source(scenario)
    raw = _subsim._run(
        path=path, text=text, sets=_args.overrides(set), variant=_args.text("variant", variant),
        replications=_args.whole("replications", replications, 1, 100000, 0),
        seed=_args.whole("seed", seed, 0, 2**64 - 1, None),
        threads=_args.whole("threads", threads, 0, 4096, 0),
        segments=_args.flag("segments", segments), trace=_args.trace(trace),
        out=_args.folder("out", out),
        command=_call_text("run", scenario=scenario if text is None else "<dict>", set=set,
                           variant=variant, replications=replications, seed=seed)
        if out is not None else [])
    return RunResult(raw)


def validate(scenario, set=None, variant=None):
    """Loads a scenario (with `variant` applied, if given) and each of its variants — or a sweep
    and every point of it — as `subsim validate` does. Returns what it is (a scenario: name, variants, start, end,
    seed, replications, expected customers; a sweep: design, points, replications, scenario) or
    raises ScenarioError with every problem."""
    path, text = _args.scenario_source(scenario)
    sets = _args.overrides(set)
    # A sweep has parameters (its design may be left to the default, a grid).
    is_sweep = "parameters" in scenario if text is not None else _subsim._is_sweep_file(path)
    if is_sweep:
        return _subsim._validate_sweep(path=path, text=text, sets=sets)
    return _subsim._validate(path=path, text=text, sets=sets,
                             variant=_args.text("variant", variant))


def model(scenario, outcomes, replications=None, set=None, variant=None, seed=None,
          threads=None):
    """A function f(**parameters) -> {outcome: value} for EMA Workbench's Model(function=f) or a
    SALib sample -> evaluate -> analyse loop. A parameter is a --set key (dotted, or with '__'
    for '.': policy__grace_days); an outcome is a summary metric (see metrics()), its value the
    mean over the replications. Each call is one run on every core (threads=None), with the GIL
    released, so calls from several Python threads also run side by side. The scenario, the
    fixed overrides `set` and the variant are checked when the model is made."""
    if isinstance(outcomes, str):
        outcomes = [outcomes]
    outcomes = list(outcomes)
    known = set_of_metrics()
    for o in outcomes:
        if not isinstance(o, str):
            raise TypeError(f"outcomes must be metric names, not {type(o).__name__}")
        if o not in known and not o.startswith("rejected_by_rule."):
            raise ValueError(f"outcomes: unknown metric {o!r} (see subsim.metrics())")
    base = _args.overrides(set)  # a dict or a list of "KEY=VALUE", checked now
    validate(scenario, set=base, variant=variant)

    def f(**parameters):
        point = _args.overrides({k.replace("__", "."): v for k, v in parameters.items()})
        r = run(scenario, set=base + point, variant=variant, replications=replications,
                seed=seed, threads=threads)
        s = r.summary
        # A rule that refused nothing has no rejected_by_rule row: 0.
        return {o: float(s.at[o, "mean"]) if o in s.index else 0.0 for o in outcomes}

    f.outcomes = outcomes
    f.__doc__ = f"subsim.model of {scenario if isinstance(scenario, str) else '<dict>'}: " \
                f"parameters are --set keys; returns {outcomes}"
    return f


def set_of_metrics():
    return set(_registry().index)
