"""Checks of the Python arguments: a wrong type raises TypeError, a wrong value ValueError, each
naming the argument; then the values as the command line would take them."""

import datetime
import json
import os
from collections.abc import Mapping


def _type_name(v):
    return type(v).__name__


def checked(name, s):
    """Text that may cross into C++: no NUL character (it would cut a path or a name short) and
    encodable as UTF-8 (no lone surrogate)."""
    if "\0" in s:
        raise ValueError(f"{name}: a NUL character is not allowed")
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"{name}: not valid text (a lone surrogate)") from None
    return s


def scenario_source(scenario, what="scenario"):
    """(path, text): a file's path and None, or "<dict>" and the dict as YAML (JSON) text."""
    if isinstance(scenario, (str, os.PathLike)):
        return checked(what, os.fsdecode(scenario)), None
    if isinstance(scenario, Mapping):
        text = json.dumps(scenario, indent=2, default=_json_default, ensure_ascii=False)
        return "<dict>", checked(what, text)
    raise TypeError(f"{what} must be a path or a dict, not {_type_name(scenario)}")


def _json_default(v):
    if isinstance(v, (datetime.date, datetime.datetime)):
        return v.isoformat()[:10]
    if hasattr(v, "item"):  # a numpy scalar
        return v.item()
    raise TypeError(f"scenario: {_type_name(v)} is not a YAML value")


def _value_text(key, v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return checked(f"set: {key}", v)
    if isinstance(v, (int, float)):
        return str(v)
    if isinstance(v, (datetime.date, datetime.datetime)):
        return v.isoformat()[:10]
    if hasattr(v, "item"):  # numpy scalars from a sampler
        return _value_text(key, v.item())
    try:
        return checked(f"set: {key}", json.dumps(v, default=_json_default, ensure_ascii=False))
    except TypeError:
        raise TypeError(f"set: the value of {key!r} must be a number, text, date, list or dict, "
                        f"not {_type_name(v)}") from None


def overrides(set_):
    """--set's KEY=VALUE texts from a dict {key: value} (or a list of "KEY=VALUE" texts)."""
    if set_ is None:
        return []
    if isinstance(set_, Mapping):
        out = []
        for k, v in set_.items():
            if not isinstance(k, str):
                raise TypeError(f"set: keys must be text (dotted paths), not {_type_name(k)}")
            if not k or "=" in k:
                raise ValueError(f"set: {k!r} is not a dotted path")
            out.append(f"{checked('set', k)}={_value_text(k, v)}")
        return out
    if isinstance(set_, (list, tuple)) and all(isinstance(s, str) for s in set_):
        for s in set_:
            if "=" not in s:
                raise ValueError(f"set: {s!r} is not KEY=VALUE")
            checked("set", s)
        return list(set_)
    raise TypeError(f"set must be a dict {{key: value}} or a list of 'KEY=VALUE', not "
                    f"{_type_name(set_)}")


def whole(name, v, low, high, default):
    """An optional whole number in [low, high]."""
    if v is None:
        return default
    if isinstance(v, bool) or not isinstance(v, int):
        if hasattr(v, "item") and isinstance(v.item(), int) and not isinstance(v.item(), bool):
            v = v.item()
        else:
            raise TypeError(f"{name} must be a whole number, not {_type_name(v)}")
    if v < low or v > high:
        raise ValueError(f"{name} must be from {low} to {high}, not {v}")
    return v


def text(name, v):
    if v is None:
        return ""
    if not isinstance(v, str):
        raise TypeError(f"{name} must be text, not {_type_name(v)}")
    if not v:
        raise ValueError(f"{name} must not be empty")
    return checked(name, v)


def flag(name, v):
    if not isinstance(v, bool):
        raise TypeError(f"{name} must be True or False, not {_type_name(v)}")
    return v


_TRACE_KEYS = ("accounts", "events", "from", "to", "sample")


def trace(v):
    """None (no trace), or run --trace-*'s texts: True traces everything; a dict narrows it
    (accounts and events as lists or comma-separated text, from/to as dates, sample a share)."""
    if v is False or v is None:
        return None
    if v is True:
        return {}
    if not isinstance(v, Mapping):
        raise TypeError(f"trace must be True, False or a dict, not {_type_name(v)}")
    out = {}
    for k, x in v.items():
        if k not in _TRACE_KEYS:
            raise ValueError(f"trace: unknown key {k!r} (known: {', '.join(_TRACE_KEYS)})")
        if isinstance(x, (list, tuple)):
            x = ",".join(str(i) for i in x)
        elif isinstance(x, (datetime.date, datetime.datetime)):
            x = x.isoformat()[:10]
        elif isinstance(x, (int, float)) and not isinstance(x, bool):
            x = repr(float(x))
        elif not isinstance(x, str):
            raise TypeError(f"trace: {k} must be text, a list or a date, not {_type_name(x)}")
        if not x.strip():
            raise ValueError(f"trace: {k}: no value given")
        out[k] = checked(f"trace: {k}", x)
    return out


def folder(name, v):
    if v is None:
        return None
    if not isinstance(v, (str, os.PathLike)):
        raise TypeError(f"{name} must be a path, not {_type_name(v)}")
    return checked(name, os.fsdecode(v))


def names(name, v):
    """A list of texts (a single text is a list of one)."""
    if isinstance(v, str):
        return [v]
    if not isinstance(v, (list, tuple)) or not all(isinstance(x, str) for x in v):
        raise TypeError(f"{name} must be a list of names, not {_type_name(v)}")
    return [checked(name, x) for x in v]


def built_variants(v):
    """compare's set_variant {name: {key: value}} as --set-variant's NAME:KEY=VALUE texts."""
    if v is None:
        return []
    if not isinstance(v, Mapping):
        raise TypeError(f"set_variant must be a dict {{variant: {{key: value}}}}, not {_type_name(v)}")
    out = []
    for name, sets in v.items():
        if not isinstance(name, str):
            raise TypeError(f"set_variant: variant names must be text, not {_type_name(name)}")
        if not isinstance(sets, Mapping):
            raise TypeError(f"set_variant: {name!r} must map keys to values, not {_type_name(sets)}")
        checked("set_variant", name)
        out.extend(f"{name}:{kv}" for kv in overrides(sets))
    return out


def share(name, v):
    """"0.5%" (a share) or a positive number in the metric's unit, as text; None if not given."""
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, (int, float, str)):
        raise TypeError(f"{name} must be a share like '0.5%' or a number, not {_type_name(v)}")
    return checked(name, v) if isinstance(v, str) else repr(float(v))


def table_source(data):
    """(path, text): a CSV file's path and None, or "<DataFrame>" and the frame as CSV text."""
    if isinstance(data, (str, os.PathLike)):
        return checked("data", os.fsdecode(data)), None
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover
        pd = None
    if pd is not None and isinstance(data, pd.DataFrame):
        return "<DataFrame>", checked("data", data.to_csv(index=False, date_format="%Y-%m-%d"))
    raise TypeError(f"data must be a CSV file's path or a pandas DataFrame, not {_type_name(data)}")


def date_text(name, v):
    """An optional date (datetime.date, pandas Timestamp or 'YYYY-MM-DD') as ISO text."""
    if v is None:
        return None
    if isinstance(v, (datetime.date, datetime.datetime)):
        return v.isoformat()[:10]
    if isinstance(v, str):
        return checked(name, v)
    raise TypeError(f"{name} must be a date or 'YYYY-MM-DD', not {_type_name(v)}")


def rate(name, v):
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise TypeError(f"{name} must be a number, not {_type_name(v)}")
    if not (v == 0 or 1e-4 <= v <= 10):
        raise ValueError(f"{name} must be 0 or a rate from 0.0001 to 10 (0.10 = 10 %), not {v}")
    return float(v)


def column_names(v):
    """--columns' text from {subsim's name: the export's name}."""
    if v is None:
        return None
    if not isinstance(v, Mapping):
        raise TypeError(f"columns must be a dict {{subsim's name: the export's}}, not {_type_name(v)}")
    parts = []
    for ours, theirs in v.items():
        if not isinstance(ours, str) or not isinstance(theirs, str):
            raise TypeError("columns: names must be text")
        if '"' in theirs:
            raise ValueError(f"columns: {theirs!r}: a name with a double quote cannot be mapped")
        parts.append(f'{ours}="{theirs}"')
    return checked("columns", ",".join(parts))
