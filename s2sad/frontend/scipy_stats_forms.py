"""SciPy's ``gamma``, ``expon``, ``beta``, ``laplace``, ``logistic``, ``cauchy``, ``chi2``, ``lognorm`` and ``uniform`` log densities and ``poisson``'s and
``binom``'s log masses written as the closed forms of SciPy's own ``_logpdf``/``_logpmf`` from pieces
s2sad differentiates (``scipy.special.gammaln``, ``xlogy``, ``betaln``, ``np.log1p``...), used by
:mod:`.anf_calls`. With ``z = (x - loc) / scale`` (``k - loc`` for the discrete ones):

* ``expon.logpdf(x, loc, scale)`` is ``-z - log(scale)``; ``gamma.logpdf(x, a, loc, scale)`` is
  ``xlogy(a - 1, z) - z - gammaln(a) - log(scale)``; ``beta.logpdf(x, a, b, loc, scale)`` is
  ``xlog1py(b - 1, -z) + xlogy(a - 1, z) - betaln(a, b) - log(scale)``;
* ``laplace.logpdf`` is SciPy's ``log(exp(-|z|) / 2) - log(scale)`` (the log of its pdf: rounded where the pdf
  is subnormal, ``|z| > 707``, -inf where it underflows, ``|z| > 745.1``) with the derivatives of the
  exact ``log(1/2) - |z|`` (0 where the value is -inf), ``logistic.logpdf`` is
  ``-|z| - 2 log1p(exp(-|z|)) - log(scale)``;
* ``cauchy.logpdf`` is SciPy's two-branch ``-log(pi) - log1p(z**2)`` (``_cauchy``), ``chi2.logpdf(x, df)`` is
  ``xlogy(df/2 - 1, z) - z/2 - gammaln(df/2) - log(2) df/2 - log(scale)`` (``z >= 0``), ``lognorm.logpdf(x, s)``
  is ``-log(z)**2 / (2 s**2) - log(s z sqrt(2 pi)) - log(scale)`` (``z > 0``), ``uniform.logpdf`` is
  ``-log(scale)`` on ``0 <= z <= 1``;
* ``poisson.logpmf(k, mu, loc)`` is ``xlogy(k, mu) - gammaln(k + 1) - mu``; ``binom.logpmf(k, n, p, loc)`` is
  ``gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1) + xlogy(k, p) + xlog1py(n - k, -p)``;
* ``pdf``/``pmf`` are their exp.

A discrete distribution's ``k``, ``loc`` and ``binom``'s ``n`` are whole numbers: the mass has no
derivative in them, so a differentiated value reaching one is refused at the line (``_discrete``).

``xlog1py(y, u)`` (no rule) is ``xlogy(y, 1 + u)`` where ``u <= -1/2`` (there ``1 + u`` is exact) and
``y * log1p(u)`` elsewhere; a user's own ``scipy.special.xlog1py(x, y)`` call is read so too.

Invariant: the form computes SciPy's value (to rounding): -inf outside the support (``z < 0`` for
gamma and expon, outside [0, 1] for beta, ``k`` not a whole number in [0, n] for the discrete
ones), NaN where a parameter is out of its domain (``scale <= 0``, ``a, b <= 0``, ``mu < 0``, ``n``
not a whole number >= 0, ``p`` outside [0, 1]) or ``x`` is NaN, with no warning: each parameter is read as
``np.where(ok, p, nan)`` (unless it is a number written in the call that is ok) so that the value and
the derivatives are NaN there, and the density is evaluated at a point of its support where ``z`` is
outside it (the value there is -inf, its derivatives 0, as SciPy's constant -inf). Arguments are passed
by position or by name as SciPy reads them (a frozen distribution is first read as the unfrozen call,
:mod:`.scipy_frozen`); a starred argument or another keyword is left as written and keeps its refusal.
"""
import ast
import math
import sys

from .. import astutil as A
from .calls import bind_arguments
from .resolve import np_ref
from .scipy_forms import _arg, _special

_CHECKS = {     # a parameter's domain: on a number written in the call, and as an AST on an atom
    "positive": (lambda v: v > 0, lambda n: _cmp(n, ast.Gt(), A.const(0.0))),
    "nonnegative": (lambda v: v >= 0, lambda n: _cmp(n, ast.GtE(), A.const(0.0))),
    "count": (lambda v: v >= 0 and math.floor(v) == v,
              lambda n: _all(_cmp(A.clone(n), ast.GtE(), A.const(0.0)), _cmp(_np("np.floor", n), ast.Eq(), A.clone(n)))),
    "probability": (lambda v: 0 <= v <= 1,
                    lambda n: _all(_cmp(A.clone(n), ast.GtE(), A.const(0.0)), _cmp(n, ast.LtE(), A.const(1.0)))),
}


def _np(path, *args):
    return ast.Call(func=np_ref(path), args=list(args), keywords=[])


def _sp(name, *args):
    return ast.Call(func=_special(name), args=list(args), keywords=[])


def _bin(left, op, right):
    return ast.BinOp(left=left, op=op, right=right)


def _cmp(left, op, right):
    return ast.Compare(left=left, ops=[op], comparators=[right])


def _all(*conds):
    out = conds[0]
    for c in conds[1:]:
        out = _np("np.logical_and", out, c)
    return out


def _any(*conds):
    out = conds[0]
    for c in conds[1:]:
        out = _np("np.logical_or", out, c)
    return out


def _c(node):
    return A.clone(node)


def _xlog1py(y, u, atom):
    """``scipy.special.xlog1py(y, u)`` (``y``, ``u`` atoms), as the module docstring says."""
    near = atom(_cmp(_c(u), ast.LtE(), A.const(-0.5)))
    far = _bin(_c(y), ast.Mult(), _np("np.log1p", _np("np.where", _c(near), A.const(0.0), _c(u))))
    return _np("np.where", _c(near), _sp("xlogy", _c(y), _bin(A.const(1.0), ast.Add(), _c(u))), far)


def _minus_one(p):
    return _bin(_c(p), ast.Sub(), A.const(1.0))


def _gamma(z, s, atom):
    return _bin(_bin(_sp("xlogy", _minus_one(s["a"]), _c(z)), ast.Sub(), _c(z)), ast.Sub(), _sp("gammaln", _c(s["a"])))


def _beta(z, s, atom):
    u = atom(ast.UnaryOp(op=ast.USub(), operand=_c(z)))
    log_px = _bin(_xlog1py(atom(_minus_one(s["b"])), u, atom), ast.Add(), _sp("xlogy", _minus_one(s["a"]), _c(z)))
    return _bin(log_px, ast.Sub(), _sp("betaln", _c(s["a"]), _c(s["b"])))


def _stopped(node):
    """``s2sad.stop_gradient(node)``: the value, no derivative."""
    from ..higher import stop_gradient      # (s2sad.higher imports the pipeline, which imports this module)
    ref = A.dotted("s2sad.stop_gradient")
    ref.value._s2sad_obj = sys.modules["s2sad"]
    ref._s2sad_obj = stop_gradient
    return ast.Call(func=ref, args=[node], keywords=[])


def _laplace(z, s, atom):
    """SciPy's ``log(0.5 * exp(-|z|))`` (its pdf's log: rounded where the pdf is subnormal, -inf where
    it underflows), with the derivatives of the exact ``log(0.5) - |z|`` (those of a constant where
    it is -inf): ``exact + stop_gradient(scipy - exact)``."""
    a = atom(_np("np.abs", _c(z)))
    exact = atom(_bin(A.const(math.log(0.5)), ast.Sub(), _c(a)))
    half_pdf = _bin(A.const(0.5), ast.Mult(), _np("np.exp", ast.UnaryOp(op=ast.USub(), operand=_c(a))))
    under = atom(_cmp(half_pdf, ast.Eq(), A.const(0.0)))     # SciPy's pdf underflows (NaN: False)
    a_seen = atom(_np("np.where", _c(under), A.const(0.0), _c(a)))     # finite (or NaN): no inf - inf
    pdf = _bin(A.const(0.5), ast.Mult(), _np("np.exp", ast.UnaryOp(op=ast.USub(), operand=_c(a_seen))))
    scipy = _np("np.log", _np("np.where", _cmp(pdf, ast.Eq(), A.const(0.0)), A.const(0.5), _c(pdf)))
    exact_seen = _bin(A.const(math.log(0.5)), ast.Sub(), _c(a_seen))
    rounded = _bin(_c(exact), ast.Add(), _stopped(_bin(scipy, ast.Sub(), exact_seen)))
    minus_inf = ast.UnaryOp(op=ast.USub(), operand=np_ref("np.inf"))
    return _np("np.where", _c(under), minus_inf, rounded)


def _logistic(z, s, atom):
    y = atom(ast.UnaryOp(op=ast.USub(), operand=_np("np.abs", _c(z))))
    return _bin(_c(y), ast.Sub(), _bin(A.const(2.0), ast.Mult(), _np("np.log1p", _np("np.exp", _c(y)))))


def _poisson(k, s, atom):
    log_pk = _bin(_sp("xlogy", _c(k), _c(s["mu"])), ast.Sub(), _sp("gammaln", _bin(_c(k), ast.Add(), A.const(1.0))))
    return _bin(log_pk, ast.Sub(), _c(s["mu"]))


def _binom(k, s, atom):
    n, p = s["n"], s["p"]
    rest = atom(_bin(_c(n), ast.Sub(), _c(k)))
    comb = _bin(_sp("gammaln", _bin(_c(n), ast.Add(), A.const(1.0))), ast.Sub(),
                _bin(_sp("gammaln", _bin(_c(k), ast.Add(), A.const(1.0))), ast.Add(),
                     _sp("gammaln", _bin(_c(rest), ast.Add(), A.const(1.0)))))
    tail = _xlog1py(rest, atom(ast.UnaryOp(op=ast.USub(), operand=_c(p))), atom)
    return _bin(_bin(comb, ast.Add(), _sp("xlogy", _c(k), _c(p))), ast.Add(), tail)


def _cauchy(z, s, atom):
    """SciPy's ``-log(pi) - log1p(|z|**2)`` below |z| = 1, ``-log(pi) - 2 log|z| - log1p(|z|**-2)`` from 1 on (no overflow)."""
    a = atom(_np("np.abs", _c(z)))
    small = atom(_cmp(_c(a), ast.Lt(), A.const(1.0)))
    near = _np("np.log1p", _bin(_c(a), ast.Mult(), _c(a)))
    big = atom(_np("np.where", _c(small), A.const(2.0), _c(a)))
    far = _bin(_bin(A.const(2.0), ast.Mult(), _np("np.log", _c(big))), ast.Add(),
               _np("np.log1p", _bin(A.const(1.0), ast.Div(), _bin(_c(big), ast.Mult(), _c(big)))))
    return _bin(A.const(-math.log(math.pi)), ast.Sub(), _np("np.where", _c(small), near, far))


def _chi2(z, s, atom):
    half = atom(_bin(_c(s["df"]), ast.Div(), A.const(2.0)))
    log_pz = _bin(_sp("xlogy", _minus_one(half), _c(z)), ast.Sub(), _bin(_c(z), ast.Div(), A.const(2.0)))
    return _bin(_bin(log_pz, ast.Sub(), _sp("gammaln", _c(half))), ast.Sub(), _bin(A.const(math.log(2.0)), ast.Mult(), _c(half)))


def _lognorm(z, s, atom):
    """SciPy's ``-log(z)**2 / (2 s**2) - log(s z sqrt(2 pi))`` (z > 0)."""
    log_z = atom(_np("np.log", _c(z)))
    square = _bin(_bin(_c(log_z), ast.Mult(), _c(log_z)), ast.Div(), _bin(A.const(2.0), ast.Mult(), _bin(_c(s["s"]), ast.Mult(), _c(s["s"]))))
    rest = _bin(_bin(_np("np.log", _c(s["s"])), ast.Add(), _c(log_z)), ast.Add(), A.const(0.5 * math.log(2.0 * math.pi)))
    return _bin(ast.UnaryOp(op=ast.USub(), operand=square), ast.Sub(), rest)


def _nonnegative(z, s):
    return _cmp(_c(z), ast.GtE(), A.const(0.0))


def _whole(k, s, top=None):
    conds = [_nonnegative(k, s), _cmp(_np("np.floor", _c(k)), ast.Eq(), _c(k))]
    return _all(*conds, *([_cmp(_c(k), ast.LtE(), _c(s[top]))] if top else []))


# name: (shape parameters and their domains, continuous, support test or None, a point of the support, _logpdf)
DISTRIBUTIONS = {
    "expon": ((), True, _nonnegative, 1.0, lambda z, s, atom: ast.UnaryOp(op=ast.USub(), operand=_c(z))),
    "gamma": ((("a", "positive"),), True, _nonnegative, 1.0, _gamma),
    "beta": ((("a", "positive"), ("b", "positive")), True,
             lambda z, s: _all(_nonnegative(z, s), _cmp(_c(z), ast.LtE(), A.const(1.0))), 0.5, _beta),
    "laplace": ((), True, None, 0.0, _laplace),
    "logistic": ((), True, None, 0.0, _logistic),
    "cauchy": ((), True, None, 0.0, _cauchy),
    "chi2": ((("df", "positive"),), True, _nonnegative, 1.0, _chi2),
    "lognorm": ((("s", "positive"),), True, lambda z, s: _cmp(_c(z), ast.Gt(), A.const(0.0)), 1.0, _lognorm),
    "uniform": ((), True, lambda z, s: _all(_nonnegative(z, s), _cmp(_c(z), ast.LtE(), A.const(1.0))), 0.5,
                lambda z, s, atom: _bin(_c(z), ast.Mult(), A.const(0.0))),
    "poisson": ((("mu", "nonnegative"),), False, _whole, 0.0, _poisson),
    "binom": ((("n", "count"), ("p", "probability")), False, lambda k, s: _whole(k, s, "n"), 0.0, _binom),
}


def method_of(fn, names):
    """``(distribution, method name)`` if ``fn`` is a method of SciPy's own distribution named in
    ``names`` (``scipy.stats.<name>``), else None."""
    stats = sys.modules.get("scipy.stats")
    owner, name = getattr(fn, "__self__", None), getattr(fn, "__name__", None)
    if stats is None or owner is None:
        return None
    dist = next((d for d in names if getattr(stats, d, None) is owner), None)
    return None if dist is None else (dist, name)


def _which(fn):
    """``(distribution, log form?)`` if ``fn`` is one of the methods above of SciPy's own distribution, else None."""
    found = method_of(fn, DISTRIBUTIONS)
    if found is None:
        return None
    dist, name = found
    forms = ("logpdf", "pdf") if DISTRIBUTIONS[dist][1] else ("logpmf", "pmf")
    return (dist, name == forms[0]) if name in forms else None


def _checked(node, check, atom):
    """``node`` (an atom) read as NaN where it is outside the domain ``check`` (a key of _CHECKS),
    unless it is a number written in the call inside it."""
    if isinstance(node, ast.Constant) and type(node.value) in (int, float) and _CHECKS[check][0](node.value):
        return node
    return atom(_np("np.where", _CHECKS[check][1](_c(node)), _c(node), np_ref("np.nan")))


def _xlog1py_call(call, atom):
    """A user's ``scipy.special.xlog1py(x, y)`` (two arguments, no ufunc keyword) as ``_xlog1py``."""
    bound = bind_arguments(call, ("x", "y"))
    if bound is None or set(bound) != {"x", "y"}:
        return None
    return A.at(_xlog1py(_arg(bound, "x", None, atom), _arg(bound, "y", None, atom), atom), call)


def rewrite(call, fn, atom):
    """The call ``call`` of ``fn`` written as above, or None when it is none of those forms.
    ``atom(e)`` names an expression read more than once."""
    special = sys.modules.get("scipy.special")
    if special is not None and fn is getattr(special, "xlog1py", None):
        return _xlog1py_call(call, atom)
    which = _which(fn)
    if which is None:
        return None
    dist, log_form = which
    shapes, continuous, support, inside_point, log_density = DISTRIBUTIONS[dist]
    names = ("x" if continuous else "k",) + tuple(n for n, _ in shapes) + (("loc", "scale") if continuous else ("loc",))
    bound = bind_arguments(call, names)
    if bound is None or any(n not in bound for n in names[:1 + len(shapes)]):
        return None
    method = f"scipy.stats.{dist}.{('log' if log_form else '') + ('pdf' if continuous else 'pmf')}"
    count = (lambda node, name: node) if continuous else (lambda node, name: _discrete(node, name, method, atom))
    s = {n: _checked(count(_arg(bound, n, None, atom), n) if check == "count" else _arg(bound, n, None, atom),
                     check, atom) for n, check in shapes}
    z = _bin(count(_arg(bound, names[0], None, atom), names[0]), ast.Sub(),
             count(_arg(bound, "loc", A.const(0.0), atom), "loc"))
    scale = _checked(_arg(bound, "scale", A.const(1.0), atom), "positive", atom) if continuous else None
    z = atom(_bin(z, ast.Div(), _c(scale)) if continuous else z)
    value = log_density(z, s, atom) if support is None else _supported(z, s, support, inside_point, log_density, atom)
    if continuous:
        value = _bin(value, ast.Sub(), _np("np.log", _c(scale)))
    return A.at(value if log_form else _np("np.exp", value), call)


def _discrete(node, name, method, atom):
    """A whole-number argument (``k``, ``loc`` of a discrete distribution, ``binom``'s ``n``): the mass
    is defined at whole numbers only, so it has no derivative there. Unless a number written in
    the call, it is read through ``np.positive`` (the same value) marked ``_s2sad_discrete``:
    analyses/ir.py makes that an operation with no derivative, refused (located) when a
    differentiated value reaches it, never the continuous formula's derivative nor zero."""
    if isinstance(node, ast.Constant):
        return node
    call = _np("np.positive", node)
    call._s2sad_discrete = f"the whole number `{name}` of `{method}`"
    return atom(call)


def _supported(z, s, support, inside_point, log_density, atom):
    """The log density, -inf where ``z`` is outside the support and neither it nor a parameter is NaN;
    the density is read at ``inside_point`` wherever ``z`` is outside (NaN or not)."""
    keep = atom(_any(support(z, s), _np("np.isnan", _c(z))))
    inside_z = atom(_np("np.where", _c(keep), _c(z), A.const(inside_point)))
    unknown = [_np("np.isnan", _c(p)) for p in s.values() if not isinstance(p, ast.Constant)]
    outside = _np("np.logical_not", _any(_c(keep), *unknown))
    minus_inf = ast.UnaryOp(op=ast.USub(), operand=np_ref("np.inf"))
    return _np("np.where", outside, minus_inf, log_density(inside_z, s, atom))
