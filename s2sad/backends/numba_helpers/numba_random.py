"""``np.random.default_rng(seed)`` inside a compiled adjoint: NumPy's own Generator, so the same draws.

numba (0.59 to at least 0.68) compiles the methods of a ``np.random.Generator`` passed in, drawing
from its bit generator with ports of NumPy's algorithms, but not ``np.random.default_rng`` itself.
The overload here makes the generator in Python (numba's object mode, one call per
``default_rng``: about 0.1 ms, where NumPy's own call takes 0.04 ms) and hands it to the compiled code:
the draws are then the numbers NumPy draws from the same seed. Measured on numba 0.68.1 with 2000
draws from seed 7 (``tests/backends/test_jit_forms56.py`` keeps the common ones checked):
``random``, ``standard_normal``, ``normal``, ``uniform``, ``exponential``, ``gamma``, ``beta``,
``poisson``, ``binomial`` and the other 24 methods numba has give NumPy's numbers bit for bit,
except ``wald`` (a last-bit difference in about one draw in four).

Invariant: only a seed NumPy would take as an integer or None is handled; any other seed (a
``SeedSequence``, an array of seeds) is left to numba, which refuses it: the located JitError.
"""
import numba
import numpy as np
from numba import types
from numba.core.errors import TypingError
from numba.extending import overload, overload_method

from .numba_support import is_array

_GENERATOR = types.NumPyRandomGeneratorType("NumPyRandomGeneratorType")


@overload(np.random.default_rng)
def _ov_default_rng(seed=None):
    if not (seed is None or isinstance(seed, (types.Integer, types.NoneType, types.Omitted))):
        return None

    def default_rng(seed=None):
        with numba.objmode(rng=_GENERATOR):
            rng = np.random.default_rng(seed)
        return rng
    return default_rng


def _given(t, *values):
    """Whether argument type ``t`` is left out (numba passes the default itself, or ``Omitted``)
    or is a literal or ``None`` of one of ``values``."""
    if isinstance(t, types.Omitted):
        t = t.value
    elif isinstance(t, types.NoneType):
        t = None
    elif isinstance(t, types.Literal):
        t = t.literal_value
    elif isinstance(t, types.Type):
        return False
    return any(t is v or type(t) is type(v) and t == v for v in values)


@overload_method(types.NumPyRandomGeneratorType, "choice", prefer_literal=True)
def _ov_choice(rng, a, size=None, replace=True, p=None, axis=0, shuffle=True):
    """``rng.choice(a, size)`` with replacement and equal probabilities: NumPy draws it as
    ``rng.integers(0, n, size)`` (the indices; ``a[indices]`` for a 1-d array ``a``), which numba
    draws bit for bit as NumPy. Any other form (``replace=False``, ``p=``, ``axis=``) is refused
    with what to write."""
    if not (_given(replace, True) and _given(p, None) and _given(axis, 0) and _given(shuffle, True)
            and (isinstance(a, types.Integer) or is_array(a) and a.ndim == 1)):
        raise TypingError("s2sad (jit): rng.choice is compiled only with replacement and equal "
                          "probabilities (rng.choice(n, size) or of a 1-d array); draw the indices "
                          "with rng.permutation(n)[:k] or rng.integers, or use jit=False")
    draw = "rng.integers(0, n)" if _given(size, None) else "rng.integers(0, n, size)"
    if isinstance(a, types.Integer):
        head, pick = "    n = a\n", f"    return {draw}\n"
    else:
        head, pick = "    n = a.shape[0]\n", f"    return a[{draw}]\n"
    src = (f"def choice(rng, a, size=None, replace=True, p=None, axis=0, shuffle=True):\n{head}"
           "    if n <= 0:\n        raise ValueError('a must be a positive integer (or a non-empty array)')\n"
           f"{pick}")
    scope = {}
    exec(compile(src, "<s2sad numba helper choice>", "exec"), scope)
    return scope["choice"]
