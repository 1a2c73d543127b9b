"""The derivative rules, one readable table, in parts by family.

Each rule is a template: its parameters are the result, then the function's
own parameters; ``d[v]`` is the adjoint of ``v``. ``broadcast=True`` means the
contributions are summed back to each argument's shape (``x + y`` with ``x``
a scalar and ``y`` an array). Rules reuse the result where they can
(``exp``, ``tanh``, ``sqrt``). The parts, registered in this order:

- ``grads_elementwise.py``: arithmetic operators and elementwise functions;
- ``grads_reductions.py``: reductions, shape functions, linear algebra;
- ``grads_arrays.py``: joining and splitting (split, meshgrid), reordering, products and statistics, writes through index arrays;
- ``grads_linalg_stats.py``: take, rot90, nansum/nanmean/average, cov/corrcoef, log-gamma, cholesky/eigh, matrix_power,
  tensordot, polyval, polyfit;
- ``grads_decomp.py``: svd, qr, pinv, lstsq, take_along_axis, gradient, math.fsum/prod/dist/hypot;
- ``grads_special.py``: scipy.special's i0/i1/i0e/i1e, erfcx, gammainc/gammaincc (in x); np.polyder, np.polyint;
- ``grads_special_more.py``: scipy.special's inverse error functions, entropies, huber, Bessel functions (in x); np.i0; scipy.signal's 1-d convolve/correlate;
- ``grads_triangular.py``: scipy.linalg.solve_triangular; ``grads_scipy_solve.py``: scipy.linalg.solve; ``grads_expm.py``: scipy.linalg.expm; ``grads_filter.py``: scipy.signal.lfilter.

Functions whose output carries no derivative are listed here, in NONDIFFERENTIABLE,
each with its reason. Importing this module registers the whole table.
"""
import bisect
import math

import numpy as np

from . import grads_elementwise, grads_reductions, grads_arrays, grads_linalg_stats, grads_decomp, grads_special, grads_special_more, grads_triangular, grads_scipy_solve, grads_expm, grads_filter, grads_windows, grads_selections, grads_series, grads_lu, grads_special_gamma, grads_special_ellip, grads_scipy_matrices, grads_signal_more, grads_linalg_more, grads_nanquantile  # noqa: F401  (register the table, in order)
from .registry import nondifferentiable, nondifferentiable_upto
from .runtime_index_writes import along_axis_index, diagonal_index, layout_index, put_index
from .runtime_triangular import flip_trans
from .runtime_checks import (accumulable, along_rows, chainable, castable, condition, finite, float_target, flat_items, infinite, kept_items, mask,
                             reducible, unzipped, zip_count)

# ---- no derivative ----------------------------------------------------------------
# Each entry says why its output carries no derivative. A function that is not here and has no
# rule above is refused when a differentiated value reaches it (random draws among them:
# `np.random.normal(mu, s)` depends on mu, but not in a way finite differences or a rule can see).
PIECEWISE_CONSTANT = "piecewise constant: its derivative is zero wherever it exists"
INTEGERS = "returns integers or booleans (indices, counts, tests)"
SHAPE_ONLY = "reads only the shape of its argument, never its values"
ALLOCATES = "allocates from a shape (integers)"
PYTHON = "Python plumbing: no numeric value flows through it"
CHECKS = "checks NumPy's arguments (frontend/numpy_forms.py, frontend/inplace.py): raises, or returns True or a boolean mask"
IMAGINARY = "the imaginary part: zero for the real values s2sad differentiates (see analyses/complexity.py)"

NONDIFFERENTIABLE = {
    PIECEWISE_CONSTANT: [np.sign, np.floor, np.ceil, np.round, np.around, np.rint, np.trunc, np.fix,
                         np.floor_divide, math.floor, math.ceil, math.trunc, round],
    INTEGERS: [flip_trans, diagonal_index, along_axis_index, put_index, layout_index, len, int, bool, np.argmax, np.argmin, np.argsort, np.shape, np.size, np.ndim, np.isnan,
               np.isinf, np.isfinite, np.nonzero, np.count_nonzero, np.any, np.all, np.equal, np.not_equal,
               np.less, np.less_equal, np.greater, np.greater_equal, np.logical_and, np.logical_or,
               np.logical_not, np.searchsorted, np.digitize, math.isnan, math.isinf, math.isfinite,
               bisect.bisect_left, bisect.bisect_right, np.linalg.matrix_rank],   # (bisect.bisect is bisect_right)
    SHAPE_ONLY: [np.zeros_like, np.ones_like, np.empty_like],
    ALLOCATES: [np.zeros, np.ones, np.empty, np.eye, np.identity],
    PYTHON: [range, isinstance, print, type, str],
    CHECKS: [accumulable, along_rows, chainable, castable, condition, finite, float_target, infinite, mask, reducible, zip_count, flat_items, kept_items, unzipped],
    IMAGINARY: [np.imag],   # zip, enumerate: their results hold their arguments
}
for _reason, _funcs in NONDIFFERENTIABLE.items():
    nondifferentiable(*_funcs, reason=_reason)

# np.arange(n): the integers 0..n-1 (np.arange(start, stop, step) has the rule above).
nondifferentiable_upto(np.arange, 1, reason="np.arange(n) counts 0..n-1: " + INTEGERS)

from . import ranks  # noqa: E402,F401  (the ranks of the array rules' results)
