"""The files of a run as pandas DataFrames with proper dtypes: months as monthly periods, days as
datetime64, counts as integers, "n/a" (undefined) as NaN, ids and names as strings. Money is in
currency units, as in the files, each value the nearest double to its exact cents (round(v * 100)
gives them back); replications' money metrics also carry their exact cents (column `cents`)."""

import io

import numpy as np
import pandas as pd

_MONTH, _DATE, _INT, _NINT, _FLOAT = "month", "date", "int", "Int64", "float"

# Each file's typed columns; every other column is text.
_TYPES = {
    "timeseries.csv": {"month": _MONTH, "mean": _FLOAT, "ci_low": _FLOAT, "ci_high": _FLOAT,
                       "n": _INT},
    "timeseries_by_segment.csv": {"month": _MONTH, "mean": _FLOAT, "ci_low": _FLOAT,
                                  "ci_high": _FLOAT, "n": _INT},
    "cohorts.csv": {"cohort": _MONTH, "months_since_start": _INT, "customers": _FLOAT,
                    "retained_share": _FLOAT, "mrr": _FLOAT, "mrr_retained_share": _FLOAT},
    "survival.csv": {"day": _INT, "at_risk": _INT, "events": _INT, "survival": _FLOAT,
                     "ci_low": _FLOAT, "ci_high": _FLOAT},
    "replications.csv": {"replication": _INT, "value": _FLOAT},
    "compare.csv": {**{c: _FLOAT for c in ("mean", "ci_low", "ci_high", "diff", "diff_ci_low",
                                           "diff_ci_high", "diff_pct", "diff_pct_ci_low",
                                           "diff_pct_ci_high", "p_value", "p_holm")},
                    "n": _INT, "diff_n": _INT},
    "compare_timeseries.csv": {"month": _MONTH, "mean": _FLOAT, "ci_low": _FLOAT,
                               "ci_high": _FLOAT, "n": _INT},
    "compare_differences.csv": {"month": _MONTH, "diff": _FLOAT, "ci_low": _FLOAT,
                                "ci_high": _FLOAT, "n": _INT},
    "explain.csv": {"date": _DATE, "invoiced": _FLOAT, "mrr_change": _FLOAT},
    "book.csv": {"seats": _NINT, "anchor": _DATE, "auto_renew_off_date": _DATE, "expiry": _DATE,
                 "price": _FLOAT, "mrr": _FLOAT},
    "projection.csv": {"period": _INT, "actual": _NINT, "fitted": _FLOAT, "ci_low": _FLOAT,
                       "ci_high": _FLOAT},
    "results.csv": {"point": _INT, "replication": _INT, "value": _FLOAT},
    "events.csv": {"replication": _INT, "date": _DATE, "amount": _FLOAT, "seats": _NINT,
                   "mrr_change": _FLOAT},
    "subscriptions.csv": {"seats": _NINT, "start": _DATE, "end": _DATE,
                          "auto_renew_off_date": _DATE, "price": _FLOAT, "mrr": _FLOAT},
}


def _read(name, data):
    types = _TYPES.get(name, {})
    # Read as text first: no guessing (an account id "007" stays "007"); then typed by column.
    df = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, na_filter=False)
    for col in df.columns:
        kind = types.get(col)
        if kind is None:
            continue
        text = df[col].replace({"n/a": None, "": None})
        if kind == _MONTH:
            df[col] = pd.PeriodIndex(pd.to_datetime(text, format="%Y-%m"), freq="M")
        elif kind == _DATE:
            df[col] = pd.to_datetime(text, format="%Y-%m-%d")
        elif kind == _INT:
            df[col] = pd.to_numeric(text).astype(np.int64)
        elif kind == _NINT:
            df[col] = pd.to_numeric(text).astype("Int64")
        else:
            df[col] = pd.to_numeric(text).astype(np.float64)
    return df


def _numeric_where_possible(df, skip):
    """A sweep's parameter columns: numbers where every value is one, else text."""
    for col in df.columns:
        if col in skip:
            continue
        try:
            df[col] = pd.to_numeric(df[col])
        except (ValueError, TypeError):
            pass
    return df


def frame(name, data, units=None):
    """The DataFrame of one of a command's files (`units`: metric name -> unit, for
    replications)."""
    if name == "points.csv":
        df = _numeric_where_possible(_read(name, data), {"point"})
        df["point"] = df["point"].astype(np.int64)
        return df
    if name in ("summary.csv", "sensitivity.csv"):
        df = _read(name, data)
        text = {"metric", "parameter", "index"}
        df = _numeric_where_possible(df, text)
        return df
    df = _read(name, data)
    if name == "replications.csv" and units is not None:
        money = df["metric"].map(units).eq("money").to_numpy()
        cents = pd.Series(pd.NA, index=df.index, dtype="Int64")
        values = df["value"].to_numpy()
        ok = money & ~np.isnan(values)
        cents[ok] = np.rint(values[ok] * 100).astype(np.int64)
        df["cents"] = cents
    return df


def summary_frame(summary, labels, units):
    """summary.json's metrics, one row per metric (rejected_by_rule one row per rule), indexed
    by metric name: label, unit, n, mean, sd, ci_low, ci_high, zero_variance."""
    rows = []

    def row(name, m, label, unit):
        ci = m.get("ci95") or [None, None]
        rows.append({"metric": name, "label": label, "unit": unit, "n": m.get("n", 0),
                     "mean": m.get("mean"), "sd": m.get("sd"), "ci_low": ci[0],
                     "ci_high": ci[1], "zero_variance": bool(m.get("zero_variance", False))})

    for name, m in summary["metrics"].items():
        if "n" in m:
            row(name, m, labels.get(name) or name, units.get(name, "count"))
        else:  # a group: rejected_by_rule
            for rule, sub in m.items():
                row(f"{name}.{rule}", sub, f"{labels.get(name) or name} ({rule})", "count")
    df = pd.DataFrame(rows, columns=["metric", "label", "unit", "n", "mean", "sd", "ci_low",
                                     "ci_high", "zero_variance"])
    for col in ("mean", "sd", "ci_low", "ci_high"):
        df[col] = pd.to_numeric(df[col]).astype(np.float64)  # null (undefined) -> NaN
    df["n"] = df["n"].astype(np.int64)
    return df.set_index("metric")


def estimates_frame(fit):
    """Every estimate of fit.json with its interval as a row: its path (arrivals_per_month,
    cancel.monthly.constant, regular.alpha, …), value, ci_low, ci_high (NaN where undefined). An
    estimate is an object with "value" (or "periods", "terms") and "ci", or a number `x` beside
    its interval `x_ci`; a cohort is named by its name."""
    rows = []

    def add(path, value, ci):
        ci = ci or [None, None]
        rows.append((path, value, ci[0], ci[1]))

    def walk(x, path):
        join = (lambda k: f"{path}.{k}" if path else str(k))
        if isinstance(x, dict):
            if "ci" in x:
                for key in ("value", "periods", "terms"):
                    if isinstance(x.get(key), (int, float)):
                        add(path, x[key], x["ci"])
                        return
            for k, v in x.items():
                if f"{k}_ci" in x and isinstance(v, (int, float)):
                    add(join(k), v, x[f"{k}_ci"])
                elif not k.endswith("_ci"):
                    walk(v, join(k))
        elif isinstance(x, list):
            for i, v in enumerate(x):
                name = v.get("cohort", i) if isinstance(v, dict) else i
                walk(v, join(name) if path != "cohorts" else str(name))

    walk(fit, "")
    df = pd.DataFrame(rows, columns=["estimate", "value", "ci_low", "ci_high"])
    for col in ("value", "ci_low", "ci_high"):
        df[col] = pd.to_numeric(df[col], errors="coerce").astype(np.float64)
    return df.set_index("estimate")
