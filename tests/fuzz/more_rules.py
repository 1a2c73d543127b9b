"""Productions for the rules no elementwise or reduction form fits (``catalog.unfuzzed``
before they were added here): pieces (``np.split``, ``np.array_split``, ``np.hsplit``,
``np.vsplit``), differences (``np.ediff1d``, ``np.gradient``), windows (``np.convolve``,
``np.correlate``), polynomials (``np.vander``, ``np.polyval``, ``np.polyfit`` of y on a constant grid), gathers with constant indices
(``np.take``, ``np.take_along_axis``, ``np.bincount``), reorderings (``np.rot90``, ``np.flipud``,
``np.cumprod``), joins (``np.append``, ``np.repeat``, ``np.broadcast_to``), ``np.cross`` of 3-vectors, ``np.quantile``,
``np.corrcoef``, ``np.tensordot``, stop 54's ``np.resize``, ``np.choose`` and ``np.histogram`` (in its weights), the running extremes (``np.maximum.accumulate``...), ``np.unwrap``
and the matrix functions (``matrix_power``, ``cholesky``,
``eigh``/``eigvalsh``, ``svd`` values, ``svdvals``, ``pinv``, ``qr``, ``lstsq``), and stop 40's
rules (``more_rules40.py``: scipy.special's Bessel/erfcx/gammainc families, polynomial calculus,
``logaddexp.accumulate``, triangular and Cholesky solves, ``expm``, ``lfilter``, ``multi_dot``).

Each form is a number (``shape == ()``) built the way users write it, from operands whose shapes
make the call valid: a matrix function sees a well-conditioned matrix (symmetric positive
definite for ``cholesky``/``eigh``: ``B B^T + c I``, whose eigenvalues are generically apart),
``lstsq`` a tall one. The forms whose derivative has jumps the tracer does not watch (divmod's
remainder) are not drawn: ``catalog.UNFUZZED_WHY`` says why for each function left out.
"""
from .catalog import catalog
from .more_rules40 import RULES40
from .productions import adapt, expr, production
from .structured import well_conditioned
from .tmpl import E

__all__ = []


def _spd(ctx, scope, k, depth):
    """A (k, k) symmetric positive definite matrix."""
    b = expr(ctx, scope, (k, k), depth - 1)
    return E(ctx.pick(["_0 @ _0.T + 3.0 * np.eye(_1)", "_0.T @ _0 + 2.0 * np.eye(_1)"]), b, k)


# rule path -> [(template, [operand: (kind, shape as a function of (n, m))])]
# kinds: "x" any expression, "pos" positive values, "well" a well-conditioned (k, k) matrix
# (shape gives k), "spd" a symmetric positive definite one, "int" the integer itself.
_FORMS = {
    "np.split": [("np.sum(np.split(_0, 2)[0] * np.split(_0, 2)[1])", [("x", lambda n, m: (2 * n,))]),
                 ("np.sum(np.split(_0, [1], axis=1)[1] ** 2)", [("x", lambda n, m: (m, n))])],
    "np.array_split": [("np.sum(np.array_split(_0, 2)[1] ** 2) + np.sum(np.array_split(_0, 2)[0])",
                        [("x", lambda n, m: (2 * n + 1,))])],
    "np.hsplit": [("np.sum(np.hsplit(_0, 2)[0] * np.hsplit(_0, 2)[1])", [("x", lambda n, m: (m, 2 * n))])],
    "np.vsplit": [("np.sum(np.vsplit(_0, 2)[1] ** 2)", [("x", lambda n, m: (2 * m, n))])],
    "np.ediff1d": [("np.sum(np.ediff1d(_0) ** 2)", [("x", lambda n, m: (n,))]),
                   ("np.sum(np.ediff1d(_0) * 0.5)", [("x", lambda n, m: (m, n))])],
    "np.gradient": [("np.sum(np.gradient(_0) ** 2)", [("x", lambda n, m: (n,))])],
    "np.convolve": [("np.sum(np.convolve(_0, _1) ** 2)", [("x", lambda n, m: (n,)), ("x", lambda n, m: (m,))]),
                    ("np.sum(np.convolve(_0, _1, 'same') ** 2)", [("x", lambda n, m: (n,)), ("x", lambda n, m: (m,))])],
    "np.correlate": [("np.sum(np.correlate(_0, _1) ** 2)", [("x", lambda n, m: (n,)), ("x", lambda n, m: (m,))]),
                     ("np.sum(np.correlate(_0, _1, 'full') * 0.3)", [("x", lambda n, m: (n,)), ("x", lambda n, m: (m,))])],
    "np.vander": [("np.sum(np.vander(_0, 3) ** 2)", [("x", lambda n, m: (n,))])],
    "np.polyval": [("np.sum(np.polyval(_0, _1))", [("x", lambda n, m: (3,)), ("x", lambda n, m: (n,))]),
                   ("np.polyval(_0, _1)", [("x", lambda n, m: (m,)), ("x", lambda n, m: ())])],
    "np.polyfit": [("np.sum(np.polyfit(np.linspace(0.0, 1.0, len(_0)), _0, 2) * np.array([1.0, 2.0, 3.0]))",
                    [("x", lambda n, m: (n + 3,))])],
    "np.take": [("np.sum(np.take(_0, np.array([0, 2, 2])) ** 2)", [("x", lambda n, m: (n,))])],
    "np.take_along_axis": [("np.sum(np.take_along_axis(_0, np.array([2, 0, 0]), axis=0) ** 2)",
                            [("x", lambda n, m: (n,))])],
    "np.bincount": [("np.sum(np.bincount(np.array([0, 2, 2]), weights=_0) ** 2)", [("x", lambda n, m: (3,))])],
    # stop 54: the flat array repeated; elements picked by constant indices; weights summed by constant bins
    "np.resize": [("np.sum(np.resize(_0, (2, 3)) ** 2 * np.arange(1.0, 7.0).reshape(2, 3))", [("x", lambda n, m: (n,))]),
                  ("np.sum(np.cos(np.resize(_0, 7)))", [("x", lambda n, m: (m, n))])],
    "np.choose": [("np.sum(np.choose(np.arange(len(_0)) % 2, [_0, _1]) ** 2)",
                   [("x", lambda n, m: (n,)), ("x", lambda n, m: (n,))]),
                  ("np.sum(np.choose(np.array([[0, 2], [1, 3]]), (_0, _1, 0.5), mode='wrap') * np.array([1.0, -2.0]))",
                   [("x", lambda n, m: (2,)), ("x", lambda n, m: ())])],
    "np.histogram": [("np.sum(np.histogram(np.linspace(0.0, 1.0, len(_0)), bins=3, weights=_0)[0] ** 2)",
                      [("x", lambda n, m: (n + 2,))]),
                     (("np.sum(np.histogram(np.array([0.1, 0.9, 0.4]), bins=np.array([0.0, 0.5, 1.0]), weights=_0)[0]"
                       " * np.array([1.0, 3.0]))"), [("x", lambda n, m: (3,))])],
    "np.rot90": [("np.sum(np.rot90(_0) ** 2 * 0.5) + np.sum(np.rot90(_0)[0])", [("x", lambda n, m: (m, n))]),
                 ("np.sum(np.rot90(_0, 2)[0] ** 3)", [("x", lambda n, m: (m, n))])],
    "np.flipud": [("np.sum(np.flipud(_0) * _0)", [("x", lambda n, m: (m, n))])],
    "np.cumprod": [("np.sum(np.cumprod(_0))", [("x", lambda n, m: (n,))])],
    "np.append": [("np.sum(np.append(_0, _1) ** 2)", [("x", lambda n, m: (n,)), ("x", lambda n, m: (m,))])],
    "np.repeat": [("np.sum(np.repeat(_0, 2) ** 2)", [("x", lambda n, m: (n,))])],
    "np.broadcast_to": [("np.sum(np.broadcast_to(_0, (_1, len(_0))) * _2)",
                         [("x", lambda n, m: (n,)), ("int", lambda n, m: m), ("x", lambda n, m: (m, n))]),
                        ("np.sum(np.broadcast_to(_0, _1.shape) ** 2)", [("x", lambda n, m: (m, 1)), ("x", lambda n, m: (m, n))])],
    "np.cross": [("np.sum(np.cross(_0, _1) ** 2)", [("x", lambda n, m: (3,)), ("x", lambda n, m: (3,))])],
    "np.quantile": [("np.quantile(_0, 0.3)", [("x", lambda n, m: (n,))])],
    "np.corrcoef": [("np.sum(np.corrcoef(_0) ** 2 * 0.5)", [("x", lambda n, m: (m, n + 2))])],
    "np.tensordot": [("np.tensordot(_0, _1)", [("x", lambda n, m: (m, n)), ("x", lambda n, m: (m, n))]),
                     ("np.sum(np.tensordot(_0, _1, axes=1))", [("x", lambda n, m: (m, n)), ("x", lambda n, m: (n,))])],
    "np.linalg.matrix_power": [(f"np.sum(np.linalg.matrix_power(0.3 * _0, {p}))", [("well", lambda n, m: (m,))])
                               for p in (0, 1, 2, 3, -1, -2)],
    "np.linalg.cholesky": [("np.sum(np.linalg.cholesky(_0))", [("spd", lambda n, m: (m,))])],
    "np.linalg.eigvalsh": [("np.sum(np.linalg.eigvalsh(_0) ** 2)", [("spd", lambda n, m: (m,))])],
    "np.linalg.eigh": [("np.linalg.eigh(_0)[0][-1]", [("spd", lambda n, m: (m,))])],
    "np.linalg.svd": [("np.sum(np.linalg.svd(_0, compute_uv=False))", [("well", lambda n, m: (m,))])],
    "np.linalg.svdvals": [("np.sum(np.linalg.svdvals(_0) ** 2)", [("well", lambda n, m: (n,))])],
    "np.linalg.pinv": [("np.sum(np.linalg.pinv(_0))", [("well", lambda n, m: (m,))])],
    "np.linalg.qr": [("np.sum(np.linalg.qr(_0)[1])", [("well", lambda n, m: (m,))])],
    "np.linalg.lstsq": [("np.sum(np.linalg.lstsq(np.vstack([_0, _1]), _2)[0])",
                         [("well", lambda n, m: (m,)), ("x", lambda n, m: (1, m)), ("x", lambda n, m: (m + 1,))])],
    "np.maximum.accumulate": [("np.sum(np.maximum.accumulate(_0) ** 2)", [("x", lambda n, m: (n,))]),
                              ("np.sum(np.maximum.accumulate(_0, axis=1) * 0.5)", [("x", lambda n, m: (m, n))])],
    "np.minimum.accumulate": [("np.sum(np.minimum.accumulate(_0) * _0)", [("x", lambda n, m: (n,))]),
                              ("np.sum(np.minimum.accumulate(_0, axis=0) ** 2)", [("x", lambda n, m: (m, n))])],
    "np.fmax.accumulate": [("np.sum(np.fmax.accumulate(_0) * 0.3)", [("x", lambda n, m: (n,))])],
    "np.fmin.accumulate": [("np.sum(np.fmin.accumulate(_0) ** 2)", [("x", lambda n, m: (n,))])],
    "np.insert": [("np.sum(np.insert(_0, 1, _1) ** 2)", [("x", lambda n, m: (n,)), ("x", lambda n, m: ())]),
                  ("np.sum(np.insert(_0, [0, 2], _1) * 0.5)", [("x", lambda n, m: (n,)), ("x", lambda n, m: (2,))])],
    # numba's np.delete takes no axis: the forms delete from the flattened array
    "np.delete": [("np.sum(np.delete(_0, 0) ** 2)", [("x", lambda n, m: (n,))]),
                  ("np.sum(np.delete(_0, [0, -1]) * 0.5)", [("x", lambda n, m: (m, n))])],
    # small steps (no jump is cut: a jump's place is a kink the tracer does not watch)
    "np.unwrap": [("np.sum(np.unwrap(0.5 * _0) ** 2)", [("x", lambda n, m: (n,))]),
                  ("np.sum(np.unwrap(0.5 * _0, axis=0) * 0.3)", [("x", lambda n, m: (m, n))])],
}
_FORMS.update(RULES40)
FUZZED = frozenset(_FORMS)   # catalog.CURATED gives each the form "more_rules"; OUTSIDE are not in it
OUTSIDE = tuple(sorted(p for p in RULES40 if p.startswith("scipy.") or p == "np.linalg.multi_dot"))


def _operand(ctx, scope, kind, shape, depth):
    if kind == "int":
        return shape
    if kind == "well":
        return well_conditioned(ctx, scope, shape[0], depth)
    if kind == "spd":
        return _spd(ctx, scope, shape[0], depth)
    if kind in ("pos", "small"):
        return adapt(ctx, scope, kind, shape, depth - 1)
    return adapt(ctx, scope, "any", shape, depth - 1)


@production("more_rules", "calls", 3)
def more_rules(ctx, scope, shape, depth):
    """A number from one of the functions above, drawn uniformly."""
    if shape != ():
        return None
    path = ctx.pick([f.path for f in catalog().get("more_rules", ()) if f.path in _FORMS] + list(OUTSIDE))
    form, operands = ctx.pick(_FORMS[path])
    n, m = ctx.n, ctx.m
    args = [_operand(ctx, scope, kind, size(n, m), depth) for kind, size in operands]
    ctx.rules.add(path)
    return E(form, *args)
