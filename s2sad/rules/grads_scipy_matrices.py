"""Reverse rules of scipy.linalg's ``toeplitz(c, r)``, ``pinv(a)`` and ``lstsq(a, b)`` (stop 59's
survey found each refused; NumPy's ``pinv`` and ``lstsq`` had rules).

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
from .runtime_scipy_matrices import toeplitz_grad

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
