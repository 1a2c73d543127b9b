"""Objects a class call made are not arrays: a derivative written into one is refused.

The adjoint of ``n[k] = v`` treats ``n`` as an array: its adjoint starts as ``zeros_like(n)``
and ``v``'s gradient is read back from it at ``k``. A name bound to what a class call made
(``acc = defaultdict(float)``, ``OrderedDict()``, ``dict.fromkeys(keys, 0.0)``, ``deque()``, the
user's own class with ``__setitem__``) holds no such array, so the derivative code failed
(AdjointFailedError: ``zeros_like`` of a dict, a string key into an array) where the function
itself ran. ``check`` refuses such a write, with its line, when the value written is
differentiated; the same object filled with values not differentiated (``counts =
defaultdict(int)``) is left alone. A dict written as a display or ``dict(k=v)`` is no such
object: ``transforms/aggregates.py`` has made its entries variables before this stage.

The same holds for an append to such an object (``deque().append(v)``).

Invariant: a name is an object when one of its assignments binds it the result of calling a
class other than NumPy's (``np.ndarray``, ``np.float64``) and ``list``/``tuple``, or a classmethod
of such a class (``dict.fromkeys``), or another object name (flow-insensitive, so it may only
refuse more, never follow a write it cannot).
"""
import ast

import numpy as np

from ..errors import unsupported
from .ir import resolve

_NOT_OBJECTS = (np.ndarray, np.generic, list, tuple)


def _maker(fn):
    """The class whose instance calling ``fn`` makes, if it is such an object's class, else None."""
    cls = fn if isinstance(fn, type) else getattr(fn, "__self__", None)   # dict.fromkeys: dict
    if not isinstance(cls, type) or issubclass(cls, _NOT_OBJECTS) or cls.__module__.split(".")[0] == "numpy":
        return None
    return cls


def object_names(ops, ns):
    """name -> the call (as written) that made the object it may hold (see the module docstring)."""
    out, changed = {}, True
    while changed:
        changed = False
        for op in ops:
            s = op.stmt
            if not isinstance(s, ast.Assign) or not isinstance(s.targets[0], ast.Name) or s.targets[0].id in out:
                continue
            v = s.value
            made = f"{ast.unparse(v.func)}(...)" if isinstance(v, ast.Call) and _maker(resolve(ns, v.func)) \
                else out.get(v.id) if isinstance(v, ast.Name) else None
            if made is not None:
                out[s.targets[0].id] = made
                changed = True
    return out


def check(ops, active, ns):
    """Refuse ``n[k] = v`` and ``n.append(v)`` with ``v`` differentiated and ``n`` an object a class
    made (``deque(maxlen=3)``: forward mode gave it the tangent of a number, and its derivative
    code failed on ``.append``)."""
    objects = None
    for op in ops:
        if op.kind not in ("setitem", "append") or not any(o in active for o in op.operands[1:]):
            continue
        objects = object_names(ops, ns) if objects is None else objects
        name = op.targets[0]
        if name in objects:
            what = "an append of" if op.kind == "append" else "a write of"
            raise unsupported(getattr(op.stmt, "_s2sad_src", None), op.stmt,
                              f"{what} a value being differentiated into `{name}`, which "
                              f"`{objects[name]}` made (s2sad "
                              "follows writes into NumPy arrays, lists, and dicts written `{...}` or "
                              "`dict(k=v)` with constant keys)",
                              f"Start it as a list display (`{name} = []`) and append to it, or keep the "
                              f"values in a NumPy array (`{name} = np.zeros(n)`)." if op.kind == "append" else
                              f"Keep the values in a NumPy array (`{name} = np.zeros(n)`, indexed by "
                              f"integers), or in a dict display with constant keys (`{name} = {{'a': 0.0}}`).")
