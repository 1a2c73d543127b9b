"""Reverse rules of ``scipy.linalg.sqrtm(A)`` and ``np.linalg.tensorsolve(a, b)`` (stop 59's survey
found each refused).

Part of the rule table (``grads.py`` imports the parts in order). Each rule is a template, result
first (``sqrtm``'s adjoint reads only the root); ``d[v]`` is the adjoint of ``v``; SciPy's functions
are named, never imported (``registry.defer``). Invariant: every parameter has a ``d[...]`` line or
a declared reason; the helpers (``runtime_linalg_more.py``) refuse at run time a complex or singular
root. ``tensorsolve``'s ``axes`` (a reordering of ``a``'s axes first) must be None. The forward
rules beside these: ``tangents_linalg_more.py``.
"""
import numpy as np

from .registry import adjoint
from .runtime_linalg_more import sqrtm_grad, tensorsolve_grad_a, tensorsolve_grad_b

SQRTM = {"disp": "prints or returns an error estimate (SciPy deprecates it): only the default is covered",
         "blocksize": "the blocking of the algorithm (SciPy deprecates it): the same values"}
TENSORSOLVE = {"axes": "only None is covered (reorder a's axes with np.moveaxis first)"}


@adjoint("scipy.linalg.sqrtm", nondiff=SQRTM)
def sqrtm(y, A, disp=None, blocksize=None):
    d[A] = sqrtm_grad(d[y], y)


@adjoint(np.linalg.tensorsolve, nondiff=TENSORSOLVE, constants={"axes": (None,)})
def tensorsolve(x, a, b, axes=None):
    d[a] = tensorsolve_grad_a(d[x], x, a, b)
    d[b] = tensorsolve_grad_b(d[x], a, b)
