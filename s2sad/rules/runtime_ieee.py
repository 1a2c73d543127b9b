"""A derivative's quotients and powers with NumPy's value where Python's scalar arithmetic raises.

A rule's derivative may divide by a value that is zero, or raise a zero to a negative power,
where the function itself is defined: ``sqrt`` at 0 (``1 / (2 * sqrt(x))``), ``x ** 1.5`` at 0 in
second order (``0.75 * x ** -0.5``), ``log`` at 0 (NumPy's ``log(0.0)`` is ``-inf``). On arrays
and NumPy scalars that is IEEE arithmetic (``inf``, ``nan``), as autograd and JAX compute it; on
Python floats it raised ``ZeroDivisionError`` or ``OverflowError``, so the same function gave
``inf`` for an array argument and an ``AdjointFailedError`` for a float, and grad, jvp and hvp
disagreed. Invariant: each helper is the Python operator wherever the operator does not raise, and
NumPy's result where it does; ``x_over_y`` is ``x / y`` with 0 where ``x`` is 0 (its partials are
rules, ``grads_linalg_stats`` / ``tangents_linalg_stats``, so a slope written with it keeps its own
derivative where a guarded constant 0 would drop it). The rule templates call them (``grads_elementwise``,
``tangents_elementwise``); ``transforms.optimize`` writes ``ieee_pow(x, c)`` back as ``x ** c``
for a constant ``c >= 0`` (which cannot raise where the function did not); under ``jit=True`` the
``specialize`` stage writes them as operators where numba's operator has NumPy's semantics, and
their numba versions are in ``backends/numba_helpers/numba_rules_missing.py``.
"""
import numpy as np

from .runtime import _out, _public


@_public
def ieee_div(a, b):
    """``a / b``, and NumPy's ``inf`` or ``nan`` where Python's division of numbers by 0 raises."""
    try:
        return a / b
    except ZeroDivisionError:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.divide(np.float64(a), b)


@_public
def ieee_pow(a, b):
    """``a ** b``, and NumPy's ``inf`` where Python raises (0 to a negative power, an overflow)."""
    try:
        return a ** b
    except (ZeroDivisionError, OverflowError):
        with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
            return np.power(np.float64(a), b)


@_public
def x_over_y(x, y):
    """``x / y`` (NumPy's inf or nan at ``y == 0``), and 0 wherever ``x`` is 0, whatever ``y`` is (0,
    inf, NaN): the slope in ``y`` of a function that is 0 for every ``y`` where ``x`` is 0 (``xlogy``,
    ``rel_entr``, ``kl_div``). Not a constant there: its partials ``1 / y`` and ``-x / y**2`` are its
    rules, so hvp and jvp(grad) read the mixed second derivative ``1 / y`` at ``x == 0``."""
    with np.errstate(divide="ignore", invalid="ignore"):
        q = np.divide(x, y)
    return _out(np.where(np.equal(x, 0), 0.0, q))


@_public
def zero_nan(g, v):
    """``v`` (an elementwise rule's ``d[y] * partial``, at ``y``'s shape), with 0 where the adjoint
    ``g`` is 0 and ``v`` is NaN: an entry a NaN-ignoring reduction left out contributes nothing,
    though its partial (``2 * m`` at a NaN ``m``) is NaN (``transforms/nan_masking.py``). A ``v`` of
    another shape than ``g`` (a rule that reduced it already, ``np.polyval``'s coefficients) is
    returned as it is (a copy of an array: a helper's result never shares its arguments' memory):
    its entries are not ``g``'s."""
    if np.ndim(g) == 0 and np.ndim(v) == 0:
        return 0.0 if g == 0 and v != v else (v.copy() if isinstance(v, np.ndarray) else v)
    if not isinstance(g, (np.ndarray, float, int, np.number)) or np.ndim(g) and np.shape(g) != np.shape(v):
        return np.array(v) if isinstance(v, (np.ndarray, list, tuple)) else v
    return np.where((g == 0) & np.isnan(v), 0.0, v)
