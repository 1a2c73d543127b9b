"""Backends: source and function objects (``emit``), standalone modules (``export``),
and numba compilation:

* the ``jit`` stage, AST to AST: ``numba_lower`` (the stage's order; index lists) running
  ``stand_ins`` (calls numba lacks, as its stand-ins), ``specialize`` (helpers written out
  where ranks decide them), ``uniform`` (uniform adjoints as one number), ``inplace``
  (in-place adjoints), ``fuse`` (elementwise loops), ``array_tapes`` (list tapes of arrays as
  arrays, row by row; the statements: ``array_tapes_rows``) and ``views`` (views read through
  their base array);
* the generated module: ``jit_module`` (write, import, disk cache), ``drivers``
  (grad / value_and_grad / vjp around the adjoint), ``into`` (the adjoint writing
  into a caller's buffer, for descent loops);
* calling it: ``jit`` (``JitBuilt``; a failed call retried or refused: ``jit_failures``;
  compile errors in the user's terms: ``jit_errors``, the user's line found by ``jit_lines``,
  else from the adjoint's text by ``jit_user_lines``), ``fastcall``
  (numba's C dispatch as the Python call path);
* numba versions of the run-time helpers (overloads and njit kernels that generated code
  calls, no AST): the subpackage ``numba_helpers``, gathered by ``numba_helpers.numba_runtime``
  (``numba_grads``, ``numba_rules_*``, ``numba_reduce``, ``numba_lists``, ``numba_tapes``,
  ``numba_support``, ...). ``adds``, ``numba_tuples`` and ``drivers`` register overloads too but
  stay here: each builds or rewrites AST, and its overloads are the calls it writes.
"""
