"""``fits(value, dout, what)``: the compiled drivers' check that a head gradient (``vjp``) or a
tangent (``jvp``/``hvp``, :mod:`.forward_checked`) has exactly the shape of its output or argument,
as ``arguments.check_dout_shape`` and ``directions`` check them on the Python path.

Invariant: after a compiled vjp driver returns, ``dout`` had the shape of the function's output
(a tuple of as many for a tuple, each of its shape); otherwise s2sad's ``ShapeError``. Without
it, ``g.compiled(x, dout)`` called from the user's ``@njit`` code with a ``dout`` of shape (1,)
for an output of shape (3,) broadcast it and returned the vjp of ``np.ones(3)``: a wrong number
where the Python path refuses. (A ``dout`` that does not broadcast fails inside the adjoint
first, with numba's broadcasting ValueError.) Ranks are checked when numba types the driver
(``drivers.rank_inline``); this checks lengths, which only the run knows."""
from numba import types
from numba.extending import overload

from ..errors import ShapeError


def fits(value, dout, what):
    """Nothing in Python (the checking path calls ``arguments.check_dout_shape``)."""


def dout_message(fname):
    """``what`` for the head gradient of ``fname``'s output."""
    return (f"{fname}(): the head gradient `dout` does not have the output's shape; pass a `dout` "
            "shaped like the output (a tuple of as many for a tuple).")


def _message(what, kinds=""):
    said = getattr(what, "literal_value", "a value does not have the shape it must have.")
    return said if not kinds else f"{said} (given {kinds})"


@overload(fits, prefer_literal=True)
def _ov_fits(value, dout, what):
    message = _message(what)
    if isinstance(value, types.BaseTuple) != isinstance(dout, types.BaseTuple) or (
            isinstance(value, types.BaseTuple) and len(value) != len(dout)) or (
            isinstance(value, types.Array) != isinstance(dout, types.Array)):
        raise ShapeError(_message(what, f"{dout} for {value}"))
    if isinstance(value, types.BaseTuple):
        if len(value) == 0:
            return lambda value, dout, what: None

        def each(value, dout, what):
            fits(value[0], dout[0], what)
            fits(value[1:], dout[1:], what)
        return each
    if isinstance(value, types.Array) and isinstance(dout, types.Array):
        def same(value, dout, what):
            if value.shape != dout.shape:
                raise ShapeError(message)
        return same
    return lambda value, dout, what: None
