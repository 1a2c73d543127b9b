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
from numba.extending import overload

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
