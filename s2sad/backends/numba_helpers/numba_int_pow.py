"""numba's ``int_pow`` (backends/int_powers.py): ``a ** b``, except an int to a negative int power,
which Python computes as a float and numba in integers (``2 ** -1`` is 0 there): it raises, so the
jit run becomes a JitError instead of a silently wrong value."""
from numba import types
from numba.extending import overload

from ..int_powers import int_pow


@overload(int_pow, inline="always")     # no call left in fused loops
def _ov_int_pow(a, b):
    if isinstance(a, types.Integer) and isinstance(b, types.Integer):
        def int_int(a, b):
            if b < 0:
                raise ValueError("an int to a negative int power: numba computes it in integers (0), "
                                 "Python as a float; write the base as a float (2.0 ** -k)")
            return a ** b
        return int_int
    return lambda a, b: a ** b
