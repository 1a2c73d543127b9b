"""numba versions of the checkpointing schedules (:mod:`s2sad.rules.schedule`).

The schedule's code only indexes its plan, so numba compiles the very same
functions (``register_jitable``); here the plan is an int64 array instead of a
list. Imported by :mod:`s2sad.backends.numba_helpers.numba_runtime`, before numba compiles a
generated adjoint.
"""
import numpy as np
from numba import types
from numba.extending import overload, register_jitable

from ...rules import schedule as S
from .numba_support import array_tuple_copy, is_array_tuple

_SHARED = (S._pos, S._slot, S._free, S._level, S._spos, S._prev, S._next_slot, S._ascents, S._size,
           S._init, S._push, S._pop, S._beta, S._repetitions, S.split, S._advance, S._next,
           S._online_slot, S._append, S._unlink, S._push_ascent, S._online_end)
for _fn in _SHARED:
    register_jitable(_fn)


@overload(S.binomial)
def _ov_binomial(n, K):
    def binomial(n, K):
        p = np.zeros(S._size(K), np.int64)
        S._init(p, 0, n, K)
        return p
    return binomial


@overload(S.online)
def _ov_online(K):
    def online(K):
        p = np.zeros(S._size(K), np.int64)
        S._init(p, 1, 0, K)
        return p
    return online


@overload(S.next_action)
def _ov_next_action(p):
    return lambda p: S._next(p)


@overload(S.online_slot)
def _ov_online_slot(p):
    return lambda p: S._online_slot(p)


@overload(S.online_end)
def _ov_online_end(p):
    return lambda p: S._online_end(p)


@overload(S.snapshot)
def _ov_snapshot(x):
    if isinstance(x, types.Array):
        return lambda x: np.copy(x)
    if isinstance(x, types.List) and isinstance(x.dtype, types.Array):
        return lambda x: [np.copy(e) for e in x]
    if isinstance(x, types.List):     # a list of numbers: a new list (numba reflects a change of the
        return lambda x: [e for e in x]   # argument's own list back into the caller's, Python's snapshot does not)
    if is_array_tuple(x):
        return array_tuple_copy(x)
    return lambda x: x


@overload(S.param_snapshot)
def _ov_param_snapshot(x):
    if is_array_tuple(x):     # a tuple of arrays of one type: a list of their copies
        return lambda x: [np.copy(e) for e in x]
    return lambda x: S.snapshot(x)
