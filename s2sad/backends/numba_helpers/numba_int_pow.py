"""numba's ``int_pow``, ``int_mul`` and ``int_lshift`` (backends/int_powers.py, int_checks.py): the
operation, except where two ints give what Python's unbounded ints do not: an int to a negative int
power (Python's float, numba's 0 in integers: ``2 ** -1``) and a product, power or left shift past
int64 (numba wraps around). Those raise, so the jit run becomes a located JitError instead of a
silently wrong value. Chosen by type when numba compiles: for a float or an array operand the
operation itself, inlined (no call, no check left in compiled float code)."""
import numpy as np
from numba import types
from numba.extending import intrinsic, overload, register_jitable

from ..int_checks import int_lshift, int_mul
from ..int_powers import int_pow

_MUL = ("an int product leaves numba's 64-bit integers, where Python's ints grow: make a factor a "
        "float (6.0 * k) or keep the value smaller")
_POW = "an int power leaves numba's 64-bit integers, where Python's ints grow: write the base as a float (2.0 ** k)"
_SHIFT = "an int shifted left leaves numba's 64-bit integers, where Python's ints grow: multiply a float by 2.0 ** k"


def _ints(a, b):
    """Two signed ints (or bools, or int literals): numba computes their product in int64."""
    return all(isinstance(t, types.Boolean) or (isinstance(t, types.Integer) and t.signed) for t in (a, b))


@intrinsic
def _mul_ovf(typingctx, a, b):
    """``(a * b, overflowed)`` of two int64, from LLVM's ``smul.with.overflow``."""
    sig = types.Tuple((types.int64, types.boolean))(types.int64, types.int64)

    def codegen(context, builder, signature, args):
        pair = builder.smul_with_overflow(args[0], args[1])
        return context.make_tuple(builder, signature.return_type,
                                  [builder.extract_value(pair, 0), builder.extract_value(pair, 1)])
    return sig, codegen


@register_jitable
def _mul(a, b, why):
    r, over = _mul_ovf(np.int64(a), np.int64(b))
    if over:
        raise OverflowError(why)
    return r


@register_jitable
def _pow(a, b):
    if b < 0:
        raise ValueError("an int to a negative int power: numba computes it in integers (0), "
                         "Python as a float; write the base as a float (2.0 ** k for 2 ** k)")
    r, base, e = np.int64(1), np.int64(a), np.int64(b)
    while e:            # by squaring: base * base overflows only where the power does (|a| >= 2)
        if e & 1:
            r = _mul(r, base, _POW)
        e >>= 1
        if e:
            base = _mul(base, base, _POW)
    return r


@register_jitable
def _lshift(a, b):
    if b < 0:
        raise ValueError("negative shift count")
    a = np.int64(a)
    if a == 0:
        return a
    if b >= 63 or ((a << b) >> b) != a:
        raise OverflowError(_SHIFT)
    return a << b


@overload(int_mul, inline="always")
def _ov_int_mul(a, b):
    if _ints(a, b):
        return lambda a, b: _mul(a, b, _MUL)
    return lambda a, b: a * b


@overload(int_pow, inline="always")     # no call left in fused loops
def _ov_int_pow(a, b):
    if _ints(a, b):
        return lambda a, b: _pow(a, b)
    return lambda a, b: a ** b


@overload(int_lshift, inline="always")
def _ov_int_lshift(a, b):
    if _ints(a, b):
        return lambda a, b: _lshift(a, b)
    return lambda a, b: a << b
