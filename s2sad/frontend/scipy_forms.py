"""SciPy's normal distribution and weighted ``logsumexp`` written as the closed forms s2sad differentiates (used by
:mod:`.anf_calls`), so that their reverse, forward and compiled forms are those of the calls
written instead. With ``z = (x - loc) / scale`` (``loc`` 0 and ``scale`` 1 when not passed):

* ``scipy.stats.norm.logpdf(x, loc, scale)`` is ``-z * z / 2 - log(scale) - log(2 pi) / 2``;
  ``norm.pdf`` is ``exp(-z * z / 2) / (sqrt(2 pi) scale)``;
* ``norm.cdf`` is ``scipy.special.ndtr(z)``, ``norm.logcdf`` is ``scipy.special.log_ndtr(z)``,
  ``norm.sf`` and ``norm.logsf`` those of ``-z``.

``scipy.special.logsumexp(a, axis, b=w, keepdims=k)`` (``return_sign`` left False) is
``np.sum(log(np.sum(w * exp(a' - s), axis, keepdims=True)) + s, axis, keepdims=k)`` with ``a' = a +
np.zeros_like(w)`` (``a`` broadcast against ``w``, as SciPy does) and the shift ``s =
logsumexp(a', axis, keepdims=True)`` read as 0 where it is not finite: ``w`` may be 0 or be
differentiated (no ``log(w)``); its value is SciPy's (NaN where the weighted sum is negative).

``scipy.stats.t.logpdf(x, df, loc, scale)`` is ``gammaln((df + 1) / 2) - gammaln(df / 2) -
log(df pi) / 2 - (df + 1) / 2 log1p(z * z / df) - log(scale)`` (the normal's where ``df`` is inf,
as SciPy's); ``t.pdf`` its exp. The two gammaln cancel for a large finite ``df``: about 1e-16 * df
absolute error (SciPy's to 1e-9 relative up to df = 1e4, 4e-8 at df = 1e8).

``scipy.special.log_expit(x)`` (one argument, no ``out=``) is ``-np.logaddexp(0.0, -x)``,
``-log(1 + exp(-x))`` without overflow (-inf at -inf, 0 at inf, as SciPy's).

``loc`` and ``scale`` are passed by position or by name, as SciPy's own ``norm`` reads them; a
frozen distribution is first read as the unfrozen call (:mod:`.scipy_frozen`); a starred argument or any other keyword is left as
written and keeps its refusal.

Invariant: the form computes SciPy's value (to rounding), NaN where ``scale <= 0`` as SciPy
gives (``df <= 0`` too): unless ``scale`` is a positive number written in the call, the form reads
``np.where(scale > 0, scale, nan)`` for ``scale`` (``df`` alike), so that nothing divides by zero or takes the log
of a negative number (no warning), and the derivatives in ``x`` and ``loc`` are NaN there too (the
one in ``scale`` is 0 there: ``np.where``'s). The value of numbers is a number, as SciPy's.
"""
import ast
import math
import sys


from .. import astutil as A
from .calls import bind_arguments
from .numpy_forms import _literal, _none
from .resolve import np_ref

HALF_LOG_2PI = 0.5 * math.log(2.0 * math.pi)
FORMS = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")
SPECIAL = {"cdf": "ndtr", "logcdf": "log_ndtr", "sf": "ndtr", "logsf": "log_ndtr"}


def _norm_method(fn):
    """The name of ``fn`` if it is one of FORMS of ``scipy.stats.norm`` itself, else None."""
    stats = sys.modules.get("scipy.stats")
    if stats is None or getattr(fn, "__self__", None) is not getattr(stats, "norm", None):
        return None
    name = getattr(fn, "__name__", None)
    return name if name in FORMS else None


def scipy_ref(module, name):
    """A reference to ``scipy.<module>.<name>`` (an imported submodule) that resolves to SciPy
    whatever the user named it."""
    sub = sys.modules["scipy." + module]
    node = A.dotted(f"scipy.{module}.{name}")
    node.value._s2sad_obj = sub
    node.value.value._s2sad_obj = sys.modules["scipy"]
    node._s2sad_obj = getattr(sub, name)
    return node


def _special(name):
    """A reference to ``scipy.special.<name>``."""
    return scipy_ref("special", name)


def _np(path, *args):
    return ast.Call(func=np_ref(path), args=list(args), keywords=[])


def _bin(left, op, right):
    return ast.BinOp(left=left, op=op, right=right)


def _value(name, x, loc, scale, atom):
    """The closed form of ``norm.<name>`` at ``x`` (atoms; ``scale`` positive)."""
    z = atom(_bin(_bin(x, ast.Sub(), loc), ast.Div(), A.clone(scale)))
    if name in SPECIAL:
        arg = ast.UnaryOp(op=ast.USub(), operand=z) if name in ("sf", "logsf") else z
        return ast.Call(func=_special(SPECIAL[name]), args=[arg], keywords=[])
    half_square = _bin(_bin(A.const(-0.5), ast.Mult(), z), ast.Mult(), A.clone(z))
    if name == "pdf":
        return _bin(_np("np.exp", half_square), ast.Div(),
                    _bin(A.const(math.sqrt(2.0 * math.pi)), ast.Mult(), A.clone(scale)))
    return _bin(_bin(half_square, ast.Sub(), _np("np.log", A.clone(scale))), ast.Sub(), A.const(HALF_LOG_2PI))


def _kw(**named):
    return [ast.keyword(arg=k, value=v) for k, v in named.items() if v is not None]


def _weighted_logsumexp(call, atom):
    bound = bind_arguments(call, ("a", "axis", "b", "keepdims", "return_sign"))
    if bound is None or "a" not in bound or _none(bound, "b") \
            or _literal(bound.get("return_sign", A.const(False)), "?") is not False:
        return None
    w = atom(bound["b"])
    a = atom(_bin(bound["a"], ast.Add(), _np("np.zeros_like", A.clone(w))))
    axis = atom(bound["axis"]) if "axis" in bound else None
    lse = ast.Call(func=_special("logsumexp"), args=[A.clone(a)],
                   keywords=_kw(axis=axis and A.clone(axis), keepdims=A.const(True)))
    m = atom(lse)
    shift = atom(_np("np.where", _np("np.isfinite", A.clone(m)), A.clone(m), A.const(0.0)))
    terms = _bin(A.clone(w), ast.Mult(), _np("np.exp", _bin(A.clone(a), ast.Sub(), A.clone(shift))))
    total = ast.Call(func=np_ref("np.sum"), args=[terms], keywords=_kw(axis=axis and A.clone(axis), keepdims=A.const(True)))
    kept = _bin(_np("np.log", total), ast.Add(), A.clone(shift))
    keep = bound.get("keepdims")
    keep = None if keep is None or _literal(keep, "?") is False else keep    # numba's np.sum takes no keepdims=False
    return ast.Call(func=np_ref("np.sum"), args=[kept], keywords=_kw(axis=axis and A.clone(axis), keepdims=keep))


def _log_expit(call):
    if len(call.args) != 1 or call.keywords or isinstance(call.args[0], ast.Starred):
        return None
    minus_x = ast.UnaryOp(op=ast.USub(), operand=call.args[0])
    return A.at(ast.UnaryOp(op=ast.USub(), operand=_np("np.logaddexp", A.const(0.0), minus_x)), call)


def rewrite(call, fn, atom):
    """The call ``call`` of ``fn`` written as above, or None when it is none of those forms.
    ``atom(e)`` names an expression read more than once."""
    try:
        name = _norm_method(fn)
        special = sys.modules.get("scipy.special")
        if special is not None and fn is getattr(special, "logsumexp", None):
            out = _weighted_logsumexp(call, atom)
            return None if out is None else A.at(out, call)
        if special is not None and fn is getattr(special, "log_expit", None):
            return _log_expit(call)
    except TypeError:
        return None
    if name is None:
        return _student_t(call, fn, atom)
    bound = bind_arguments(call, ("x", "loc", "scale"))
    if bound is None or "x" not in bound:
        return None
    x, loc = _arg(bound, "x", None, atom), _arg(bound, "loc", A.const(0.0), atom)
    return A.at(_value(name, x, loc, _positive(_arg(bound, "scale", A.const(1.0), atom), atom), atom), call)


def _arg(bound, name, default, atom):
    """The argument ``name`` as an atom; a list or tuple written in the call read as an array, as SciPy does."""
    node = bound.get(name, default)
    return atom(_np("np.asarray", node) if isinstance(node, (ast.List, ast.Tuple)) else node)


def _positive(node, atom):
    """``node`` (an atom), read as NaN where it is not positive unless it is a positive number
    written in the call."""
    if isinstance(node, ast.Constant) and type(node.value) in (int, float) and node.value > 0:
        return node
    node = atom(node)
    return atom(_np("np.where", ast.Compare(left=A.clone(node), ops=[ast.Gt()], comparators=[A.const(0.0)]),
                    A.clone(node), np_ref("np.nan")))


def _student_t(call, fn, atom):
    """``t.logpdf(x, df, loc, scale)`` (``t.pdf``: its exp); where ``df`` is inf, the normal's."""
    stats = sys.modules.get("scipy.stats")
    name = getattr(fn, "__name__", None)
    if stats is None or getattr(fn, "__self__", None) is not getattr(stats, "t", None) or name not in ("logpdf", "pdf"):
        return None
    bound = bind_arguments(call, ("x", "df", "loc", "scale"))
    if bound is None or "x" not in bound or "df" not in bound:
        return None
    x, df = _arg(bound, "x", None, atom), _positive(_arg(bound, "df", None, atom), atom)
    loc, scale = _arg(bound, "loc", A.const(0.0), atom), _positive(_arg(bound, "scale", A.const(1.0), atom), atom)
    infinite = atom(_np("np.isinf", A.clone(df)))
    finite_df = atom(_np("np.where", A.clone(infinite), A.const(1.0), A.clone(df)))
    z = atom(_bin(_bin(x, ast.Sub(), loc), ast.Div(), A.clone(scale)))
    half = atom(_bin(A.const(0.5), ast.Mult(), _bin(A.clone(finite_df), ast.Add(), A.const(1.0))))
    gammaln = [ast.Call(func=_special("gammaln"), args=[v], keywords=[])
               for v in (A.clone(half), _bin(A.const(0.5), ast.Mult(), A.clone(finite_df)))]
    log_norm = _bin(gammaln[0], ast.Sub(), gammaln[1])
    log_norm = _bin(log_norm, ast.Sub(), _bin(A.const(0.5), ast.Mult(),
                                               _np("np.log", _bin(A.clone(finite_df), ast.Mult(), A.const(math.pi)))))
    tail = _bin(A.clone(half), ast.Mult(), _np("np.log1p", _bin(_bin(A.clone(z), ast.Mult(), A.clone(z)), ast.Div(),
                                                                 A.clone(finite_df))))
    student = _bin(log_norm, ast.Sub(), tail)
    normal = _bin(_bin(A.const(-0.5), ast.Mult(), A.clone(z)), ast.Mult(), A.clone(z))
    normal = _bin(normal, ast.Sub(), A.const(HALF_LOG_2PI))
    value = _bin(_np("np.where", A.clone(infinite), normal, student), ast.Sub(), _np("np.log", A.clone(scale)))
    return A.at(_np("np.exp", value) if name == "pdf" else value, call)
