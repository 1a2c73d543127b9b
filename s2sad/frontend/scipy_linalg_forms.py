"""SciPy's Cholesky solver pair written as calls s2sad differentiates (used by :mod:`.anf_calls`),
so that their reverse, forward and compiled forms are those of the calls written instead:

* ``scipy.linalg.cho_factor(a, lower)`` (``lower`` a constant written in the call, False when left
  out) is ``(scipy.linalg.cholesky(a, lower) + np.tril(a, -1), lower)`` (``np.triu(a, 1)`` when
  ``lower``): SciPy returns the factor in the triangle it computes and leaves ``a``'s own entries in
  the other one (LAPACK's ``potrf`` does not clear them), which the sum reproduces exactly.
* ``scipy.linalg.cho_solve((c, lower), b)`` is two triangular solves over the triangle ``c`` holds:
  ``solve_triangular(c, solve_triangular(c, b, trans=t1, lower), trans=t2, lower)`` with
  ``(t1, t2) = (0, 1)`` when ``lower`` (``c c^T x = b``) and ``(1, 0)`` otherwise (``c^T c x = b``);
  ``c_and_lower`` may be a pair written in the call, or any expression of one (``cho_factor(a)``, a
  name bound to it), whose items are then read (``lower`` at run time).
* ``scipy.linalg.lu_solve((lu, piv), b, trans)`` is ``lu_solve_of(lu, piv, b, trans)``
  (``rules/runtime_lu.py``: SciPy's solve, with a rule in ``lu`` and ``b``); the pair is read as
  ``cho_solve``'s (``scipy.linalg.lu_factor`` has its own rule).

Invariant: the value is SciPy's (up to rounding); ``overwrite_a=True``/``overwrite_b=True`` (which let
SciPy write into the caller's arrays) and any other form are left as written and keep their
refusal; ``check_finite`` is passed on (SciPy's ValueError for inf and NaN).
"""
import ast
import sys

from .. import astutil as A
from .calls import bind_arguments
from .numpy_forms import _literal
from .resolve import np_ref
from .scipy_forms import scipy_ref


def _linalg(name):
    return scipy_ref("linalg", name)


def _kept(bound, flag):
    """Whether ``flag`` (overwrite_a, overwrite_b) is left out or written False."""
    return _literal(bound.get(flag, A.const(False)), "?") is False


def _cho_factor(call, atom):
    bound = bind_arguments(call, ("a", "lower", "overwrite_a", "check_finite"))
    if bound is None or "a" not in bound or not _kept(bound, "overwrite_a"):
        return None
    lower = _literal(bound.get("lower", A.const(False)), "?")
    if type(lower) is not bool:
        return None
    a = atom(bound["a"])
    keywords = [ast.keyword(arg="lower", value=A.const(lower))]
    if "check_finite" in bound:
        keywords.append(ast.keyword(arg="check_finite", value=bound["check_finite"]))
    factor = ast.Call(func=_linalg("cholesky"), args=[A.clone(a)], keywords=keywords)
    rest = ast.Call(func=np_ref("np.triu" if lower else "np.tril"), args=[A.clone(a), A.const(1 if lower else -1)],
                    keywords=[])
    return ast.Tuple(elts=[ast.BinOp(left=factor, op=ast.Add(), right=rest), A.const(lower)], ctx=ast.Load())


def _pair(node, atom):
    """(c, lower) of ``cho_solve``'s first argument: a pair written in the call, or the items of a name."""
    if isinstance(node, ast.Tuple) and len(node.elts) == 2 and not any(isinstance(e, ast.Starred) for e in node.elts):
        return atom(node.elts[0]), atom(node.elts[1])
    if isinstance(node, ast.Starred):
        return None
    node = node if isinstance(node, ast.Name) else atom(node)     # cho_solve(cho_factor(a), b)
    return tuple(atom(ast.Subscript(value=A.clone(node), slice=A.const(k), ctx=ast.Load())) for k in (0, 1))


def _trans(lower, when_lower):
    """``when_lower`` if ``lower`` else the other of 0 and 1 (a constant when ``lower`` is)."""
    value = _literal(lower, "?")
    if type(value) is bool:
        return A.const(when_lower if value else 1 - when_lower)
    return ast.IfExp(test=A.clone(lower), body=A.const(when_lower), orelse=A.const(1 - when_lower))


def _cho_solve(call, atom):
    bound = bind_arguments(call, ("c_and_lower", "b", "overwrite_b", "check_finite"))
    if bound is None or "c_and_lower" not in bound or "b" not in bound or not _kept(bound, "overwrite_b"):
        return None
    pair = _pair(bound["c_and_lower"], atom)
    if pair is None:
        return None
    c, lower = pair
    out = bound["b"]
    for k, when_lower in enumerate((0, 1)):
        keywords = [ast.keyword(arg="trans", value=_trans(lower, when_lower)),
                    ast.keyword(arg="lower", value=A.clone(lower))]
        if "check_finite" in bound and k == 0:
            keywords.append(ast.keyword(arg="check_finite", value=bound["check_finite"]))
        out = ast.Call(func=_linalg("solve_triangular"), args=[A.clone(c), out], keywords=keywords)
    return out


def _lu_solve(call, atom):
    bound = bind_arguments(call, ("lu_and_piv", "b", "trans", "overwrite_b", "check_finite"))
    if bound is None or "lu_and_piv" not in bound or "b" not in bound or not _kept(bound, "overwrite_b"):
        return None
    pair = _pair(bound["lu_and_piv"], atom)
    if pair is None:
        return None
    from ..rules import runtime
    fn = A.name("lu_solve_of")
    fn._s2sad_obj = runtime.lu_solve_of
    return ast.Call(func=fn, args=[A.clone(pair[0]), A.clone(pair[1]), bound["b"], bound.get("trans", A.const(0))],
                    keywords=[])


def rewrite(call, fn, atom):
    """The call ``call`` of ``fn`` written as above, or None when it is none of those forms.
    ``atom(e)`` names an expression read more than once."""
    linalg = sys.modules.get("scipy.linalg")
    if linalg is None:
        return None
    try:
        if fn is getattr(linalg, "cho_factor", None):
            out = _cho_factor(call, atom)
        elif fn is getattr(linalg, "cho_solve", None):
            out = _cho_solve(call, atom)
        elif fn is getattr(linalg, "lu_solve", None):
            out = _lu_solve(call, atom)
        else:
            return None
    except TypeError:       # an unhashable or uncomparable object: not one of these functions
        return None
    return None if out is None else A.at(out, call)
