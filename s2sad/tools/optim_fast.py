"""The warm-call path of ``s2sad.minimize``: a repeated call goes straight to its compiled loop.

A ``jit=True`` call of ``minimize`` that ran its compiled descent through the checking path
(``optim.minimize``) is remembered (``remember``) under a key made of what that path's
outcome depends on: the method, ``x0``'s shape (a float64 array's; a float ``x0``: its type), the
type key (``optim_args.type_key``) of each extra argument. A later call whose key is
remembered (``run``) still checks, on its own values:

* every hyper-parameter (``lr``, ``steps``, ``betas``, ``eps``, ``momentum``): the exact
  types and ranges the checking path's fast tests accept (anything else takes that path,
  which refuses it with its message);
* that the adjoint is current: the gradient minimize keeps for ``f`` still holds the same
  adjoint for these ranks and its guard (``scope_guard``: ``f``'s code and defaults, the
  globals and closure cells it read, the rule registry's epoch) passes;

and it passes ``x0`` as the checking path does, a C-ordered copy, or ``x0`` itself when it
is one already (C-contiguous, writeable, aligned: the numba type of its copy), as the loop
only reads it (its first statement, ``descent.START``, copies it). What it does not redo is
proven unchanged by the key: the checks and conversions of ``x0`` and ``args``
(``optim_args._x0``, ``plain_args``, ``_with_defaults``, ``drivers.contiguous``) are
functions of their types, and a key is remembered only when the checking path passed
every extra argument unchanged to the loop; ``f``'s output was checked to be a scalar when
the loop was compiled for these types (``optim_args.checked``'s ``known``). Only plain
functions (the guard checks their code) without global data (whose values the loop
freezes when compiled, ``scopes.with_frozen_values``) are remembered.
"""
import math
import time
import types
import weakref

import numpy as np

from ..backends.first_try import BroadcastNeeded
from ..errors import S2sadError
from .descent import START
from .optim_args import type_key

_FAST = {}          # weakref(f) -> (value_and_grad(f), {key: (ranks, adjoint, loop)}), as a WeakKeyDictionary
_ref = weakref.ref  # (whose get is a Python method, a third of this dict lookup)
_F8 = np.dtype(np.float64)
_INF = math.inf
_INT64 = 2 ** 63
_SIMPLE = (float, int, np.ndarray)
_COPIES_X0 = START.startswith("x = x0 + 0.0\n")      # every loop's first statement: x0 is only read


def _as_copy(flags):
    """An array with these flags has the numba type of its C-ordered copy (``type_key``)."""
    return flags.c_contiguous and flags.writeable and flags.aligned


def _forget(ref):
    _FAST.pop(ref, None)


def _x0_key(x0):
    """What the checked ``x0`` is a function of, or None: its shape for a float64 array of rank >= 1
    (the checking path copies it), ``float`` for a float (passed as it is)."""
    t = type(x0)
    if t is float:
        return float
    if t is np.ndarray and x0.dtype is _F8 and x0.ndim:
        return x0.shape
    return None


def _args_key(args):
    """What the checked ``args`` are a function of (``optim_args.type_key``), or None (not a tuple
    of floats, ints and arrays)."""
    if type(args) is not tuple:
        return None
    if not args:
        return ()
    for a in args:
        if type(a) not in _SIMPLE:
            return None
    return type_key(args)


def remember(f, vg, method, x0, args, built, loop, call):
    """After the checking path ran ``loop`` (of adjoint ``built`` from ``vg``) on ``call``:
    remember it for ``f``'s calls with the kinds of ``x0`` and ``args`` (the caller's values)."""
    x_key, a_key = _x0_key(x0), _args_key(args)
    if type(f) is not types.FunctionType or vg.target.func is not f or x_key is None or a_key is None \
            or built.data or len(call) != len(args) + 7 or any(a is not b for a, b in zip(args, call[1:])):
        return
    ranks = vg._key
    if vg._by_kind.get(ranks) is not built or not 0 <= call[-5] < _INT64:
        return
    held = _FAST.setdefault(weakref.ref(f, _forget), (vg, {}))
    if held[0] is vg:
        held[1][(method, x_key, a_key)] = (ranks, built, _entry(loop, call))


def _entry(loop, call):
    """The machine code ``loop`` compiled for the numba types of ``call``, called without numba's
    type dispatch: every call the key admits has these exact types (a float64 C array of the
    key's shape for ``x0``, ``type_key``'s of the extra arguments, floats and an int64 ``steps``),
    which it unboxes as they are. ``loop`` itself when it has none."""
    import numba
    cres = loop.overloads.get(tuple(numba.typeof(a) for a in call))
    return loop if cres is None or cres.objectmode else cres.entry_point


def run(f, x0, method, lr, steps, args, betas, eps, momentum):
    """``(x, losses, timing)`` of ``minimize`` for a remembered kind of call whose adjoint is
    current, the compiled loop run on the arguments the checking path would pass it; else None
    (take the checking path)."""
    try:
        held = _FAST.get(_ref(f))
    except TypeError:                   # f not weak-referenceable: never remembered
        return None
    if held is None or type(method) is not str or type(steps) is not int or not 0 <= steps < _INT64 \
            or type(betas) is not tuple or len(betas) != 2:        # (steps: the int64 the loop was typed with)
        return None
    b1, b2 = betas
    if not (type(lr) is float and type(eps) is float and type(momentum) is float and type(b1) is float
            and type(b2) is float and 0.0 <= lr < _INF and 0.0 <= eps < _INF and 0.0 <= momentum < _INF
            and 0.0 <= b1 < 1.0 and 0.0 <= b2 < 1.0):        # optim_args._real's tests (NaN fails them)
        return None
    t = type(x0)
    x_key = float if t is float else x0.shape if t is np.ndarray and x0.dtype is _F8 and x0.ndim else None
    entry = held[1].get((method, x_key, () if type(args) is tuple and not args else _args_key(args)))
    if entry is None or getattr(f, "_s2sad_derivative", False):
        return None
    t_start = time.perf_counter()
    ranks, built, loop = entry
    if held[0]._by_kind.get(ranks) is not built or built.guard() is None:
        return None                     # rebuilt since, or stale: the checking path rebuilds it
    x = x0 if t is float or _COPIES_X0 and _as_copy(x0.flags) else x0.copy()    # = optim_args._x0's copy
    t_built = time.perf_counter()
    try:
        x, losses = loop(x, *args, lr, steps, b1, b2, eps, momentum)
    except BroadcastNeeded:     # the loop without fallbacks (descent_try): the checking path switches
        return None
    except Exception as exc:
        if not isinstance(exc, S2sadError):
            from .optim import _own_error
            _own_error(f, (x0,) + args)
        raise
    t_end = time.perf_counter()
    return x, losses, {"transform": t_built - t_start, "cache": "in memory", "compile": 0.0,
                       "run": t_end - t_built, "total": t_end - t_start}
