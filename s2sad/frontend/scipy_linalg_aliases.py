"""SciPy's linear-algebra functions that compute what a NumPy function computes, written as that
NumPy call (used by :mod:`.anf_calls`), so that their reverse, forward and compiled forms are NumPy's:

* ``scipy.linalg.inv(a)`` is ``np.linalg.inv(a)``, ``det(a)`` is ``np.linalg.det(a)``,
  ``svdvals(a)`` is ``np.linalg.svd(a, compute_uv=False)``;
* ``scipy.linalg.norm(a, ord, axis, keepdims)`` is ``np.linalg.norm(a, ord, axis, keepdims)``;
* ``scipy.linalg.eigvalsh(a, lower=l)`` and ``scipy.linalg.eigh(a, lower=l, eigvals_only=True)`` are
  ``np.linalg.eigvalsh(a, UPLO='L' if l else 'U')`` (``lower`` a constant written in the call, True
  when left out): the eigenvalues of the triangle read, ascending, as SciPy's.

SciPy's ``check_finite`` (a constant written in the call, True when left out) is ``np.asarray_chkfinite(a)`` around ``a``: the
same ValueError for inf or NaN. Eigenvectors (``eigh`` without ``eigvals_only=True``) are left as
written: SciPy's LAPACK driver may choose other signs than NumPy's, so the value would not be SciPy's.

Invariant: the value is SciPy's (up to rounding); ``overwrite_a=True`` (SciPy may write into the
caller's array), a generalized problem (``b=``), a subset, a driver, a starred argument or any other
keyword is left as written and keeps its refusal.
"""
import ast
import sys

from .. import astutil as A
from .calls import bind_arguments
from .numpy_forms import _literal
from .resolve import np_ref

# name: SciPy's parameters a form accepts (others keep the call's refusal); NUMPY: the function it is
PARAMS = {
    "inv": ("a", "overwrite_a", "check_finite"),
    "det": ("a", "overwrite_a", "check_finite"),
    "svdvals": ("a", "overwrite_a", "check_finite"),
    "norm": ("a", "ord", "axis", "keepdims", "check_finite"),
    "eigvalsh": ("a", "lower", "overwrite_a", "check_finite"),
    "eigh": ("a", "lower", "eigvals_only", "overwrite_a", "check_finite"),
}
NUMPY = {"inv": "np.linalg.inv", "det": "np.linalg.det", "svdvals": "np.linalg.svd", "norm": "np.linalg.norm",
         "eigvalsh": "np.linalg.eigvalsh", "eigh": "np.linalg.eigvalsh"}


KEYWORD_ONLY = ("eigvalsh", "eigh")     # SciPy's parameters after `a` (its `b`) are keyword-only here


def _constant(bound, name, default):
    """The constant written for ``name`` (``default`` when left out), or ``"?"`` when not a constant."""
    return _literal(bound.get(name, A.const(default)), "?")


def _keywords(name, bound):
    """NumPy's keywords of the form, or None when the call is not one the module docstring covers."""
    if name == "svdvals":
        return [ast.keyword(arg="compute_uv", value=A.const(False))]
    if name == "norm":
        return [ast.keyword(arg=k, value=bound[k]) for k in ("ord", "axis", "keepdims") if k in bound]
    if name in ("eigvalsh", "eigh"):
        lower = _constant(bound, "lower", True)
        if type(lower) is not bool or (name == "eigh" and _constant(bound, "eigvals_only", False) is not True):
            return None
        return [ast.keyword(arg="UPLO", value=A.const("L" if lower else "U"))]
    return []


def _form(name, call):
    if name in KEYWORD_ONLY and len(call.args) > 1:      # eigh(a, b): a generalized problem
        return None
    bound = bind_arguments(call, PARAMS[name])
    if bound is None or "a" not in bound or _constant(bound, "overwrite_a", False) is not False:
        return None
    check = _constant(bound, "check_finite", True)
    if type(check) is not bool:
        return None
    keywords = _keywords(name, bound)
    if keywords is None:
        return None
    a = bound["a"]
    if check:
        a = ast.Call(func=np_ref("np.asarray_chkfinite"), args=[a], keywords=[])
    return ast.Call(func=np_ref(NUMPY[name]), args=[a], keywords=keywords)


def rewrite(call, fn, atom):
    """The call ``call`` of ``fn`` written as above, or None when it is none of those forms."""
    linalg = sys.modules.get("scipy.linalg")
    if linalg is None:
        return None
    try:
        name = next((n for n in PARAMS if fn is getattr(linalg, n, None)), None)
    except TypeError:       # an unhashable or uncomparable object: not one of these functions
        return None
    if name is None:
        return None
    out = _form(name, call)
    return None if out is None else A.at(out, call)
