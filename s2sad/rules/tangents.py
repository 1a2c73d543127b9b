"""The forward (tangent) rules, one readable table, in parts in the order of ``grads.py``.

Each rule is a template: its parameters are the result, then the function's own
parameters; ``t[v]`` is the tangent of ``v``. The right-hand side is a sum of
terms, each linear in the one tangent it reads, so the forward stage keeps only
the terms of arguments that carry a tangent. Rules reuse the result where they
can (``exp``, ``tanh``, ``sqrt``). Functions with no derivative are shared with
the reverse table (``grads.NONDIFFERENTIABLE``).

The forward rules of the run-time helpers that generated adjoints call (for
``hvp``, forward over reverse) are in ``tangents_adjoint.py``.

The parts, registered in this order: ``tangents_elementwise.py``, ``tangents_reductions.py``,
``tangents_arrays.py``, ``tangents_linalg_stats.py``, ``tangents_decomp.py``, ``tangents_special.py``, ``tangents_triangular.py``, ``tangents_expm.py``, ``tangents_filter.py``, each beside the reverse part of the same family.
"""
from . import grads  # noqa: F401  (the shared NONDIFFERENTIABLE list is registered there)
from . import tangents_elementwise, tangents_reductions, tangents_arrays, tangents_linalg_stats, tangents_decomp  # noqa: F401,E501
from . import tangents_index_writes  # noqa: F401  (register its rules)
from . import tangents_special, tangents_special_more, tangents_triangular, tangents_scipy_solve, tangents_expm, tangents_filter, tangents_windows, tangents_selections, tangents_series, tangents_lu, tangents_special_gamma, tangents_special_ellip, tangents_scipy_matrices, tangents_signal_more, tangents_linalg_more, tangents_nanquantile  # noqa: F401
