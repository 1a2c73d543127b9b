"""Reverse rules of scipy.linalg's ``toeplitz(c, r)``, ``block_diag`` (of at most 8 arrays), ``pinv(a)``
and ``lstsq(a, b)`` (stop 59's survey found each refused; NumPy's ``pinv`` and ``lstsq`` had rules).

Part of the rule table (``grads.py`` imports the parts in order). Each rule is a template, result
first; ``d[v]`` is the adjoint of ``v``; SciPy's functions are named, never imported
(``registry.defer``). Invariant: every parameter has a ``d[...]`` line or a declared reason, and
SciPy's ``pinv``/``lstsq`` share NumPy's helpers (``runtime_decomp``: the pseudo-inverse's
derivative at full rank, a rank-deficient matrix refused at run time), as they compute the same
values: SciPy's ``lstsq`` returns ``(x, residues, rank, s)`` like NumPy's, its residues a number
for a vector ``b``, where NumPy's are an array of one. ``overwrite_a``/``overwrite_b`` would let
SciPy destroy the user's arrays, so only False is covered. The forward rules beside these:
``tangents_scipy_matrices.py``; ``toeplitz``'s helpers: ``runtime_scipy_matrices.py``.
"""
from .registry import adjoint
from .runtime_decomp import lstsq_grad, pinv_grad
from .runtime_scipy_matrices import block_diag_grad, toeplitz_grad

CUTOFF = "the cutoff for small singular values (only the default is covered)"
CHECK = "whether inf and NaN are checked for (a flag)"
PINV = {"atol": CUTOFF, "rtol": CUTOFF, "return_rank": "only False is covered (the matrix alone)", "check_finite": CHECK}
PINV_FORMS = {"atol": (None,), "rtol": (None,), "return_rank": (False,)}
LSTSQ = {"cond": CUTOFF, "overwrite_a": "only False is covered (True may overwrite the argument)",
         "overwrite_b": "only False is covered (True may overwrite the argument)", "check_finite": CHECK,
         "lapack_driver": "the LAPACK routine ('gelsd', 'gelsy', 'gelss'): the same solution at full rank"}
LSTSQ_FORMS = {"cond": (None,), "overwrite_a": (False,), "overwrite_b": (False,),
               "lapack_driver": (None, "gelsd", "gelsy", "gelss")}


@adjoint("scipy.linalg.toeplitz")
def toeplitz(y, c, r=None):
    d[c] = toeplitz_grad(d[y], c, r, True)
    d[r] = toeplitz_grad(d[y], c, r, False)


@adjoint("scipy.linalg.pinv", nondiff=PINV, constants=PINV_FORMS)
def pinv(y, a, atol=None, rtol=None, return_rank=False, check_finite=True):
    d[a] = pinv_grad(d[y], y, a)


@adjoint("scipy.linalg.lstsq", nondiff=LSTSQ, constants=LSTSQ_FORMS)
def lstsq(y, a, b, cond=None, overwrite_a=False, overwrite_b=False, check_finite=True, lapack_driver=None):
    d[a] = lstsq_grad(d[y], y, a, b, True)
    d[b] = lstsq_grad(d[y], y, a, b, False)


@adjoint("scipy.linalg.block_diag")       # at most 8 arrays (a call with more is refused at its line)
def block_diag(y, a0, a1=None, a2=None, a3=None, a4=None, a5=None, a6=None, a7=None):
    d[a0] = block_diag_grad(d[y], 0, a0, a1, a2, a3, a4, a5, a6, a7)
    d[a1] = block_diag_grad(d[y], 1, a0, a1, a2, a3, a4, a5, a6, a7)
    d[a2] = block_diag_grad(d[y], 2, a0, a1, a2, a3, a4, a5, a6, a7)
    d[a3] = block_diag_grad(d[y], 3, a0, a1, a2, a3, a4, a5, a6, a7)
    d[a4] = block_diag_grad(d[y], 4, a0, a1, a2, a3, a4, a5, a6, a7)
    d[a5] = block_diag_grad(d[y], 5, a0, a1, a2, a3, a4, a5, a6, a7)
    d[a6] = block_diag_grad(d[y], 6, a0, a1, a2, a3, a4, a5, a6, a7)
    d[a7] = block_diag_grad(d[y], 7, a0, a1, a2, a3, a4, a5, a6, a7)
