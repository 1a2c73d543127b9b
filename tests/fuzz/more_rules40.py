"""Forms of the rules stop 40 added (rules40), drawn by ``more_rules.more_rules`` like its own:
scipy.special's ``i0``/``i0e``/``i1``/``i1e``/``erfcx`` (any argument, kept within |x| < 3 where
erfcx is no overflow), ``gammainc``/``gammaincc`` (a constant shape ``a > 0``: the rule refuses a
differentiated ``a``; ``x > 0``), ``np.polyder``/``np.polyint`` of a coefficient vector,
``np.logaddexp.accumulate`` (any axis), ``scipy.linalg.solve_triangular`` (a triangular matrix
whose diagonal stays in (1.7, 2.3)), ``cho_factor``/``cho_solve`` (``B B^T + c I``),
``scipy.linalg.expm`` (a matrix of small norm), ``scipy.signal.lfilter`` (a stable filter:
``a = [1, 0.3 tanh(.)]`` or a constant one) and ``np.linalg.multi_dot``.

Each form is a number (the shapes as ``more_rules._FORMS``: operands (kind, shape of (n, m))).
"""

__all__ = ["RULES40", "SPECIAL40"]

SPECIAL40 = ("i0", "i0e", "i1", "i1e", "erfcx", "gammainc", "gammaincc")

_V = ("x", lambda n, m: (n,))
_M = ("x", lambda n, m: (m, n))
_SQ = ("x", lambda n, m: (m, m))
_B = ("x", lambda n, m: (m,))


def _bessel(fn):
    return [(f"np.sum(scipy.special.{fn}(_0) * 0.5)", [_V]),
            (f"scipy.special.{fn}(_0) * 2.0", [("x", lambda n, m: ())]),
            (f"np.sum(scipy.special.{fn}(np.tanh(_0)) ** 2)", [_M])]


def _gamma(fn):
    return [(f"np.sum(scipy.special.{fn}(1.5, _0))", [("pos", lambda n, m: (n,))]),
            (f"scipy.special.{fn}(0.7, _0) * 3.0", [("pos", lambda n, m: ())]),
            (f"np.sum(scipy.special.{fn}(np.array([0.5, 2.0, 3.5]), _0) ** 2)", [("pos", lambda n, m: (3,))])]


_TRI = "np.tril(0.3 * np.tanh(_0)) + 2.0 * np.eye(len(_0))"
_TRIU = "np.triu(0.3 * np.tanh(_0), 1) + np.diag(2.0 + 0.3 * np.tanh(np.diag(_0)))"
_SPD = "_0 @ _0.T + 2.0 * np.eye(len(_0))"

RULES40 = {
    **{f"scipy.special.{fn}": _bessel(fn) for fn in ("i0", "i0e", "i1", "i1e")},
    "scipy.special.erfcx": [("np.sum(scipy.special.erfcx(3.0 * np.tanh(_0)))", [_V]),
                            ("scipy.special.erfcx(2.0 * np.sin(_0)) ** 2", [("x", lambda n, m: ())])],
    **{f"scipy.special.{fn}": _gamma(fn) for fn in ("gammainc", "gammaincc")},
    "np.polyder": [("np.sum(np.polyder(_0) ** 2)", [_V]),
                   ("np.polyval(np.polyder(_0, 2), 0.7)", [("x", lambda n, m: (n + 2,))])],
    "np.polyint": [("np.sum(np.polyint(_0) * 0.5)", [_V]),
                   ("np.sum(np.polyint(_0, 2, k=[0.5, _1]) ** 2)", [_V, ("x", lambda n, m: ())])],
    "np.logaddexp.accumulate": [("np.sum(np.logaddexp.accumulate(_0) * 0.3)", [_V]),
                                ("np.sum(np.logaddexp.accumulate(_0, axis=1) ** 2)", [_M]),
                                ("np.logaddexp.accumulate(_0, axis=0)[-1, 0]", [_M])],
    "scipy.linalg.solve_triangular": [
        (f"np.sum(scipy.linalg.solve_triangular({_TRI}, _1, lower=True))", [_SQ, _B]),
        (f"np.sum(scipy.linalg.solve_triangular({_TRIU}, _1) ** 2)", [_SQ, _B]),
        (f"np.sum(scipy.linalg.solve_triangular({_TRI}, _1, lower=True, trans='T') * 0.5)",
         [_SQ, ("x", lambda n, m: (m, n))])],
    "scipy.linalg.cho_factor": [
        (f"np.sum(scipy.linalg.cho_solve(scipy.linalg.cho_factor({_SPD}), _1))", [_SQ, _B]),
        (f"np.sum(scipy.linalg.cho_solve(scipy.linalg.cho_factor({_SPD}, lower=True), _1) ** 2)",
         [_SQ, ("x", lambda n, m: (m, n))])],
    "scipy.linalg.expm": [("np.sum(scipy.linalg.expm(0.3 * np.tanh(_0)))", [_SQ]),
                          ("np.trace(scipy.linalg.expm(0.2 * (_0 - _0.T))) + np.sum(scipy.linalg.expm(0.1 * _0)[0])",
                           [_SQ])],
    "scipy.signal.lfilter": [
        ("np.sum(scipy.signal.lfilter(_0, np.array([1.0, -0.5]), _1) ** 2)", [("x", lambda n, m: (2,)), _V]),
        ("np.sum(scipy.signal.lfilter(_0, np.concatenate([np.ones(1), 0.3 * np.tanh(_1)]), _2))",
         [("x", lambda n, m: (3,)), ("x", lambda n, m: (2,)), _V])],
    "np.linalg.multi_dot": [("np.sum(np.linalg.multi_dot([_0, _1, _2]))",
                             [_M, ("x", lambda n, m: (n, m)), _M]),
                            ("np.linalg.multi_dot([_0, _1, _2])", [_B, ("x", lambda n, m: (m, m)), _B])],
}
