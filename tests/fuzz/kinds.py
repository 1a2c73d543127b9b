"""Does every local variable keep one kind while the program runs?

s2sad requires it (a name keeps one rank), users write code that way, and the
generator means to: a name that holds a float and later a list is a generator
or minimizer accident, and s2sad's answer on it says nothing about user code.
``kind_changes(module, args)`` runs ``f`` under ``sys.settrace`` and returns
``"function: name (kinds)"`` for the first local seen with two kinds (a number;
an array of a given rank; a list; a tuple; anything else by type), or None.
"""
import sys

import numpy as np

from .reference import copy_args

__all__ = ["kind_changes"]


def _kind(value):
    if isinstance(value, (bool, int, float, np.integer, np.floating)):
        return "number"
    if isinstance(value, np.ndarray):
        return "number" if value.ndim == 0 else f"array{value.ndim}d"
    return type(value).__name__


def kind_changes(module, args):
    codes = {getattr(module, n).__code__ for n in dir(module)
             if callable(getattr(module, n)) and getattr(getattr(module, n), "__module__", None) == module.__name__
             and hasattr(getattr(module, n), "__code__")}
    seen = {}
    found = []

    def local(frame, event, arg):
        if event in ("line", "return"):
            for name, value in frame.f_locals.items():
                key = (frame.f_code.co_name, name)
                kind = _kind(value)
                first = seen.setdefault(key, kind)
                if first != kind and not found:
                    found.append(f"{key[0]}: {name} ({first}, then {kind})")
        return local

    def calls(frame, event, arg):
        return local if frame.f_code in codes else None
    old = sys.gettrace()
    sys.settrace(calls)
    try:
        with np.errstate(all="ignore"):
            module.f(*copy_args(args))
    except Exception:          # noqa: BLE001 - the primal check reports failures; here only kinds matter
        pass
    finally:
        sys.settrace(old)
    return found[0] if found else None
