"""SciPy's distribution functions ``cdf``, ``sf``, ``logcdf``, ``logsf`` and quantiles ``ppf``, ``isf``
written as the closed forms of SciPy's own ``_cdf``/``_sf``/``_ppf``... from pieces s2sad
differentiates (used by :mod:`.anf_calls`), so that their reverse, forward and compiled forms are
those of the calls written instead. With ``z = (x - loc) / scale``:

* ``logistic``: cdf ``expit(z)``, sf ``expit(-z)``, logcdf ``log_expit(z)``, logsf ``log_expit(-z)``,
  ppf ``logit(q)``, isf ``-logit(q)``;
* ``cauchy``: cdf ``arctan2(1, -z) / pi``, sf ``arctan2(1, z) / pi``, logcdf and logsf their logs;
* ``laplace``: cdf ``1 - e/2`` for ``z > 0``, ``e/2`` elsewhere, ``e = exp(-|z|)`` (SciPy's
  ``where(z > 0, 1 - exp(-z)/2, exp(z)/2)`` without overflow); sf its mirror;
* ``expon`` (support ``z >= 0``): cdf ``-expm1(-z)``, sf ``exp(-z)``, logsf ``-z``;
* ``gamma(a)`` and ``chi2(df)`` (support ``z >= 0``): cdf ``gammainc(a, z)``, sf ``gammaincc(a, z)``
  (``a = df / 2`` and ``z / 2`` for chi2, SciPy's ``chdtr``): their rules refuse a differentiated
  shape at the line (no closed form), as ``gammainc``'s;
* ``t(df)``: cdf ``stdtr(df, z)``, sf ``stdtr(df, -z)``; ``beta(a, b)`` (support ``0 <= z <= 1``): cdf
  ``betainc(a, b, z)``, sf ``betaincc(a, b, z)`` (their rules refuse a differentiated shape, as gamma's);
* ``uniform``: cdf ``clip(z, 0, 1)``, sf ``1 - clip(z, 0, 1)``, ppf and isf ``q`` and ``1 - q``;
* ``norm``: ppf ``ndtri(q)``, isf ``-ndtri(q)`` (its cdf and logpdf: :mod:`.scipy_forms`).

A quantile is ``loc + scale * ppf(q)``. Outside a support the value is SciPy's constant (below: cdf 0, sf 1,
logsf 0; above: cdf 1, sf 0; derivatives 0) and the form is read at a point of the support, so nothing overflows.
Quantile forms left out (Cauchy's, Laplace's and expon's) would give a finite value or a warning
at ``q`` = 0 or 1 where SciPy gives the support's end: they keep their refusal.

Invariant: the form computes SciPy's value (to rounding) and NaN where SciPy gives NaN: ``scale <= 0``,
a shape ``<= 0``, ``q`` outside [0, 1] (each read as ``np.where(ok, p, nan)`` unless it is a number
written in the call that is ok) or a NaN argument. Arguments bind by position or by SciPy's names
(``x``/``q``, the shapes, ``loc``, ``scale``); a starred argument or another keyword is left as
written and keeps its refusal.
"""
import ast
import math

from .. import astutil as A
from .calls import bind_arguments
from .scipy_forms import _arg
from .scipy_stats_forms import _all, _any, _bin, _c, _checked, _cmp, _np, _sp, method_of


def _neg(node):
    return ast.UnaryOp(op=ast.USub(), operand=node)


def _over_pi(node):
    return _bin(node, ast.Div(), A.const(math.pi))


def _laplace(z, mirrored, atom):
    half_e = atom(_bin(A.const(0.5), ast.Mult(), _np("np.exp", _neg(_np("np.abs", _c(z))))))
    right = _cmp(_c(z), ast.Gt(), A.const(0.0))
    big, small = _bin(A.const(1.0), ast.Sub(), _c(half_e)), _c(half_e)
    return _np("np.where", right, *((small, big) if mirrored else (big, small)))


def _clipped(z):
    return _np("np.clip", _c(z), A.const(0.0), A.const(1.0))


def _chi2_half(z):
    return _bin(_c(z), ast.Div(), A.const(2.0))


def _half_df(s):
    return _bin(_c(s["df"]), ast.Div(), A.const(2.0))


# distribution: (shapes and their domains, support test or None, a point of the support, {method: form})
# a form of ``z`` (x's methods) or ``q`` (ppf, isf: scaled by ``scale`` and moved by ``loc`` after)
TABLE = {
    "logistic": ((), None, 0.0, {
        "cdf": lambda z, s, atom: _sp("expit", _c(z)), "sf": lambda z, s, atom: _sp("expit", _neg(_c(z))),
        "logcdf": lambda z, s, atom: _sp("log_expit", _c(z)), "logsf": lambda z, s, atom: _sp("log_expit", _neg(_c(z))),
        "ppf": lambda q, s, atom: _sp("logit", _c(q)), "isf": lambda q, s, atom: _neg(_sp("logit", _c(q)))}),
    "cauchy": ((), None, 0.0, {
        "cdf": lambda z, s, atom: _over_pi(_np("np.arctan2", A.const(1.0), _neg(_c(z)))),
        "sf": lambda z, s, atom: _over_pi(_np("np.arctan2", A.const(1.0), _c(z))),
        "logcdf": lambda z, s, atom: _np("np.log", _over_pi(_np("np.arctan2", A.const(1.0), _neg(_c(z))))),
        "logsf": lambda z, s, atom: _np("np.log", _over_pi(_np("np.arctan2", A.const(1.0), _c(z))))}),
    "laplace": ((), None, 0.0, {
        "cdf": lambda z, s, atom: _laplace(z, False, atom), "sf": lambda z, s, atom: _laplace(z, True, atom)}),
    "expon": ((), "nonnegative", 1.0, {
        "cdf": lambda z, s, atom: _neg(_np("np.expm1", _neg(_c(z)))), "sf": lambda z, s, atom: _np("np.exp", _neg(_c(z))),
        "logsf": lambda z, s, atom: _neg(_c(z))}),
    "gamma": ((("a", "positive"),), "nonnegative", 1.0, {
        "cdf": lambda z, s, atom: _sp("gammainc", _c(s["a"]), _c(z)),
        "sf": lambda z, s, atom: _sp("gammaincc", _c(s["a"]), _c(z))}),
    "chi2": ((("df", "positive"),), "nonnegative", 1.0, {
        "cdf": lambda z, s, atom: _sp("gammainc", _half_df(s), _chi2_half(z)),
        "sf": lambda z, s, atom: _sp("gammaincc", _half_df(s), _chi2_half(z))}),
    "t": ((("df", "positive"),), None, 0.0, {
        "cdf": lambda z, s, atom: _sp("stdtr", _c(s["df"]), _c(z)), "sf": lambda z, s, atom: _sp("stdtr", _c(s["df"]), _neg(_c(z)))}),
    "beta": ((("a", "positive"), ("b", "positive")), "unit", 0.5, {
        "cdf": lambda z, s, atom: _sp("betainc", _c(s["a"]), _c(s["b"]), _c(z)),
        "sf": lambda z, s, atom: _sp("betaincc", _c(s["a"]), _c(s["b"]), _c(z))}),
    "uniform": ((), None, 0.5, {
        "cdf": lambda z, s, atom: _clipped(z), "sf": lambda z, s, atom: _bin(A.const(1.0), ast.Sub(), _clipped(z)),
        "ppf": lambda q, s, atom: _c(q), "isf": lambda q, s, atom: _bin(A.const(1.0), ast.Sub(), _c(q))}),
    "norm": ((), None, 0.0, {
        "ppf": lambda q, s, atom: _sp("ndtri", _c(q)), "isf": lambda q, s, atom: _neg(_sp("ndtri", _c(q)))}),
}
OUTSIDE = {"cdf": (0.0, 1.0), "sf": (1.0, 0.0), "logsf": (0.0, None)}     # the values below and above a support
QUANTILES = ("ppf", "isf")


def _which(fn):
    """``(distribution, method)`` if ``fn`` is a method of TABLE of SciPy's own distribution, else None."""
    found = method_of(fn, TABLE)
    return found if found is not None and found[1] in TABLE[found[0]][3] else None


def _outside_support(z, s, support, inside_point, form, method, atom):
    """``form`` inside the support (``z >= 0``, and ``z <= 1`` for "unit"; or where ``z`` or a shape is
    NaN), read at ``inside_point`` elsewhere, where the value is SciPy's constant ``OUTSIDE[method]``."""
    inside = _cmp(_c(z), ast.GtE(), A.const(0.0))
    if support == "unit":
        inside = _all(inside, _cmp(_c(z), ast.LtE(), A.const(1.0)))
    keep = atom(_any(inside, _np("np.isnan", _c(z)),
                     *[_np("np.isnan", _c(p)) for p in s.values() if not isinstance(p, ast.Constant)]))
    inside_z = atom(_np("np.where", _c(keep), _c(z), A.const(inside_point)))
    below, above = OUTSIDE[method]
    outside = A.const(below) if support != "unit" else \
        _np("np.where", _cmp(_c(z), ast.Lt(), A.const(0.0)), A.const(below), A.const(above))
    return _np("np.where", _c(keep), form(inside_z, s, atom), outside)


def rewrite(call, fn, atom):
    """The call ``call`` of ``fn`` written as above, or None when it is none of those forms.
    ``atom(e)`` names an expression read more than once."""
    try:
        which = _which(fn)
    except TypeError:       # an unhashable or uncomparable object: not one of these
        return None
    if which is None:
        return None
    dist, method = which
    shapes, support, inside_point, forms = TABLE[dist]
    names = ("q" if method in QUANTILES else "x",) + tuple(n for n, _ in shapes) + ("loc", "scale")
    bound = bind_arguments(call, names)
    if bound is None or any(n not in bound for n in names[:1 + len(shapes)]):
        return None
    s = {n: _checked(_arg(bound, n, None, atom), check, atom) for n, check in shapes}
    loc = _arg(bound, "loc", A.const(0.0), atom)
    scale = _checked(_arg(bound, "scale", A.const(1.0), atom), "positive", atom)
    if method in QUANTILES:
        q = _checked(_arg(bound, "q", None, atom), "probability", atom)
        value = _bin(_c(loc), ast.Add(), _bin(_c(scale), ast.Mult(), forms[method](q, s, atom)))
        return A.at(value, call)
    z = atom(_bin(_bin(_c(_arg(bound, "x", None, atom)), ast.Sub(), _c(loc)), ast.Div(), _c(scale)))
    if support is None:
        return A.at(forms[method](z, s, atom), call)
    return A.at(_outside_support(z, s, support, inside_point, forms[method], method, atom), call)

