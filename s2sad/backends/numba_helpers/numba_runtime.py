"""numba versions of everything a generated adjoint calls, registered on import.

* :mod:`~s2sad.backends.numba_helpers.numba_grads`: the gradient helpers of
  :mod:`s2sad.rules.runtime` (``unbroadcast``, ``sum_grad``, ...), ``COVERED``;
* :mod:`~s2sad.backends.numba_helpers.numba_linalg`: ``solve``'s helpers, ``det_grad``;
* :mod:`~s2sad.backends.numba_helpers.numba_numpy`: NumPy, ``math`` and builtin forms numba lacks
  (``np.clip`` of numbers, ``np.roll`` by an array, ``np.fix``, ``math.fmod``, ...);
* :mod:`~s2sad.backends.numba_helpers.numba_numpy_keywords`: keyword arguments numba's NumPy lacks
  (``np.linspace(endpoint=)``, ``np.pad(mode='edge')``, ``eigvalsh(UPLO='U')``, ...);
* :mod:`~s2sad.backends.numba_helpers.numba_reduce`: reductions over an axis, and the NumPy
  reductions numba lacks (``np.max(a, axis=1)``, ``keepdims=True``, ...);
* :mod:`~s2sad.backends.numba_helpers.numba_lists`: stand-ins for ``np.matmul``,
  ``np.array``, ``np.stack``, ``np.copy`` and ``sum`` (``SUBSTITUTES``);
* :mod:`~s2sad.backends.numba_helpers.numba_support`: type predicates and generated helpers;
* :mod:`~s2sad.backends.numba_helpers.numba_forward`: what forward mode and second order add;
* :mod:`~s2sad.backends.numba_helpers.numba_schedule`: the checkpointing schedules;
* :mod:`~s2sad.backends.numba_helpers.numba_fixes`: work-arounds for numba compiler bugs.

Generated modules import this one before numba compiles them.
"""
from . import numba_fixes  # noqa: F401  (numba bugs worked around: isinstance beside a maybe-undefined variable)
from .numba_grads import COVERED  # noqa: F401
from . import numba_linalg  # noqa: F401  (registers its overloads)
from . import numba_numpy  # noqa: F401  (NumPy/math/builtin forms numba lacks: np.clip of numbers, ...)
from . import numba_int_pow  # noqa: F401  (int_pow, int_mul, int_lshift: what leaves int64 refused)
from . import numba_math  # noqa: F401  (math.sqrt, int, round... raising as in Python)
from . import numba_list_index  # noqa: F401  (b[[k, p]] = b[[p, k]]: a list index read as NumPy reads it)
from . import numba_random  # noqa: F401  (np.random.default_rng(seed): NumPy's own Generator, same draws)
from .numba_lists import SUBSTITUTES, array, copy, matmul, rows, stack, sum_  # noqa: F401
from .numba_reduce import axis_reduce, expand_to, prod_of_others, reduced_count  # noqa: F401
from . import numba_schedule  # noqa: F401  (checkpointing schedules, registered on import)
from . import numba_tapes  # noqa: F401  (the array tapes' helpers, registered on import)
from .. import adds  # noqa: F401  (extreme_grad_add, registered on import)
from .. import returned  # noqa: F401  (as_number, registered on import)

from .numba_rules_base import FILES as _RULE_FILES  # noqa: E402,I001

FILES = tuple(f"numba_helpers/{f}" for f in (
    "numba_runtime.py", "numba_fixes.py", "numba_grads.py", "numba_grads_reductions.py", "numba_linalg.py", "numba_lists.py",
    "numba_numpy.py", "numba_numpy_keywords.py", "numba_reduce.py", "numba_support.py", "numba_forward.py", "numba_schedule.py",
    "numba_tapes.py", "numba_add_into.py", "numba_average.py", "numba_nan.py", "numba_matmul.py",
    "numba_extremes.py", "numba_first_try.py", "numba_int_pow.py", "numba_math.py", "numba_list_index.py",
    "numba_random.py", "numba_buffers.py") + _RULE_FILES) + ("adds.py", "numba_tuples.py", "returned.py")
"""The files whose text decides what a compiled adjoint does (part of the disk-cache key), relative
to ``s2sad/backends/``: this package's modules, and the ``jit`` stage's three that register overloads."""

from . import numba_rules_arrays, numba_rules_index, numba_rules_numeric, numba_rules_reorder  # noqa: E402,F401,I001
from . import numba_rules_interp  # noqa: E402,F401,I001  (np.interp, np.trapezoid and their gradients)
from . import numba_forward  # noqa: E402,F401  (numba versions of forward mode's additions)  # isort: skip
from . import numba_rules_tangents  # noqa: E402,F401,I001  (numba versions of the array rules' forward helpers)
from . import numba_rules_tangents_more  # noqa: F401  (and of the gradient helpers' own, for hvp)
from . import numba_rules_linalg, numba_rules_stats  # noqa: E402,F401,I001  (cholesky, eigh, polyval; take, quantiles...)
from . import numba_rules_quantile_axis  # noqa: E402,F401,I001  (np.quantile/np.percentile over one axis)
from . import numba_rules_joins  # noqa: E402,F401,I001  (np.append, np.correlate)
from . import numba_rules_pieces  # noqa: E402,F401,I001  (divmod, np.split..., ediff1d, matrix_power, corrcoef)
from . import numba_rules_sequences  # noqa: E402,F401,I001  (max/min/sorted of one sequence)
from . import numba_rules_missing  # noqa: E402,F401,I001  (np.heaviside, ufunc.accumulate, np.sort(x, axis=k), lstsq rcond=None, float @ int)
from . import numba_rules_tensordot  # noqa: E402,F401,I001  (np.tensordot with constant axes, its gradient)
from . import numba_rules_polyfit  # noqa: E402,F401,I001  (np.polyfit and its gradient helpers)
from . import numba_rules_tangents_linalg  # noqa: F401  (hvp through cov, corrcoef, quantile, np.linalg's, trigamma)
from . import numba_rules_tangents_polyfit  # noqa: F401  (hvp through np.polyfit)
from . import numba_rules_decomp, numba_rules_einsum, numba_rules_norms  # noqa: E402,F401,I001  (norms; svd, pinv, qr, lstsq)
from . import numba_rules_gathers  # noqa: E402,F401,I001  (take_along_axis, pad, np.gradient, math.fsum/prod/dist/hypot)
from . import numba_rules_special  # noqa: E402,F401,I001  (scipy.special's expit, logsumexp, softmax, log_softmax)
from . import numba_rules_special_more  # noqa: E402,F401,I001  (scipy.special's logit, xlogy, betaln)
from . import numba_rules_special_extra  # noqa: E402,F401,I001  (scipy.special's entr, rel_entr, kl_div, huber, softplus...)
from . import numba_rules_reduceat  # noqa: E402,F401,I001  (np.add.reduceat of a vector, its gradient)
from . import numba_rules_ufunc_at  # noqa: E402,F401,I001  (np.maximum.at, np.multiply.at..., np.put)
from . import numba_rules_bessel, numba_rules_signal  # noqa: E402,F401,I001  (Bessel functions, erfinv, np.i0; scipy.signal's 1-d convolutions)
from . import numba_rules_logaddexp  # noqa: E402,F401,I001  (np.logaddexp.accumulate and its helpers)
from . import numba_rules_poly  # noqa: E402,F401,I001  (np.polyder, np.polyint and their helpers)
from . import numba_rules_series  # noqa: F401  (np.polynomial's polyval, chebval, legval, hermval, hermeval and their helpers)
from . import numba_rules_triangular  # noqa: E402,F401,I001  (scipy.linalg.solve_triangular and its helpers)
from . import numba_rules_scipy_solve  # noqa: E402,F401,I001  (scipy.linalg.solve and its helpers)
from . import numba_rules_uncompiled  # noqa: E402,F401,I001  (helpers of rules numba cannot compile: refused at typing)
from . import numba_rules_checks  # noqa: E402,F401,I001  (the argument checks of frontend/numpy_forms.py)
from . import numba_rules_orders  # noqa: E402,F401,I001  (np.argsort with an axis, np.lexsort, np.meshgrid)
from . import numba_numpy_keywords  # noqa: E402,F401,I001  (np.linspace endpoint=, np.pad mode=, eigvalsh UPLO=...)

numba_fixes.ours_first()   # s2sad's overloads before numba's own, whatever was compiled first
