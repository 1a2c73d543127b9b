"""numba versions of what generated code calls at run time (``jit=True``).

Each module here registers, on import, numba implementations (``numba.extending.overload``,
``register_jitable``, ``numba.njit`` kernels) of the functions a generated adjoint, tangent or
descent loop calls: the gradient helpers of :mod:`s2sad.rules.runtime` (``numba_grads``,
``numba_linalg``), the array rules' (``numba_rules_*``), reductions and NumPy forms numba
lacks (``numba_reduce``, ``numba_numpy``, ``numba_average``, ``numba_nan``, ``numba_matmul``), the stand-ins the
``jit`` stage substitutes (``numba_lists``), the array tapes' and slice updates' helpers
(``numba_tapes``, ``numba_add_into``), the checkpointing schedules (``numba_schedule``), forward
mode's additions (``numba_forward``), the shared type predicates (``numba_support``) and the
work-arounds for numba bugs (``numba_fixes``). :mod:`.numba_runtime` imports them all; a generated
module imports it before numba compiles it.

Invariant: nothing here reads or rewrites an AST (the stages that do, ``numba_lower`` and the
rest of the ``jit`` stage, are in :mod:`s2sad.backends`); each function is an ordinary Python
function with NumPy's meaning, or a numba implementation that computes what that function computes
or refuses at typing time, never another number. ``numba_runtime.FILES`` names every module here
(the disk-cache key of compiled adjoints covers their text).
"""
