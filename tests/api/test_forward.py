"""Forward mode, ``s2sad.jvp``: every function of the gradient corpus checked against
central differences along a random tangent (``check_jvp``), then the promises of
the API: shapes, tuples, fresh results, refusals, user rules, determinism."""
import numpy as np
import pytest

import s2sad
from s2sad.errors import NoDerivativeError, S2sadError, UnsupportedSyntaxError
from s2sad.testing import _positions, check_jvp
from tests.corpus import test_corpus_arrays, test_corpus_basic, test_corpus_control, test_soundness

CORPUS = test_corpus_basic.CASES + test_corpus_control.CASES + test_corpus_arrays.CASES \
    + [pytest.param(*c, id=c[0].__name__) for c in test_soundness.BOTH_MODES + test_soundness.PYTHON_ONLY]
PYTHON_ONLY = {c[0] for c in test_soundness.PYTHON_ONLY}   # numba refuses these (see test_soundness)


def directions(f, args, wrt, seed):
    """A random tangent for each wrt argument (a tuple iff wrt is a tuple)."""
    rng = np.random.default_rng(seed)
    vs = tuple(rng.normal(size=np.shape(args[p])) if isinstance(args[p], np.ndarray) else float(rng.normal())
               for p in _positions(f, wrt))
    return vs if isinstance(wrt, (tuple, list)) else vs[0]


@pytest.mark.parametrize("f, args, wrt", CORPUS)
def test_jvp_corpus(f, args, wrt, corpus_jit, request):
    args = [np.copy(a) if isinstance(a, np.ndarray) else a for a in args]
    v = directions(f, args, wrt, len(request.node.name))
    check_jvp(f, *args, tangent=v, wrt=wrt, jit=corpus_jit and f not in PYTHON_ONLY, rtol=1e-4, atol=1e-6)


# ---------------------------------------------------------------- functions
def rnn(w, x):
    h = 0.0
    for i in range(len(x)):
        h = np.tanh(w * h + x[i])
    return h


def doubling(a):
    b = a * 2
    while np.linalg.norm(b) < 1000:
        b = b * 2
    if np.sum(b) > 0:
        c = b
    else:
        c = 100 * b
    return c


def polar(x, y):
    r = np.sqrt(x * x + y * y)
    return r, np.arctan2(y, x)


def identity(x):
    return x


def scale_rows(m, s):
    out = np.zeros_like(m)
    for i in range(m.shape[0]):
        out[i] = m[i] * s[i]
    return out


def collect(x):
    ys = []
    for i in range(len(x)):
        ys.append(np.sin(x[i]) * x[i])
    return np.array(ys)


def newton_sqrt(a):
    x = a
    while abs(x * x - a) > 1e-12 * a:
        x = 0.5 * (x + a / x)
    return x


def test_jvp_returns_value_and_tangent():
    x = np.linspace(-1.0, 1.0, 6)
    value, tangent = s2sad.jvp(rnn, wrt=(0, 1))(0.7, x, (1.0, np.zeros(6)))
    assert value == pytest.approx(rnn(0.7, x), abs=0, rel=1e-15)
    assert isinstance(tangent, float)
    assert tangent == pytest.approx(s2sad.grad(rnn)(0.7, x), rel=1e-12)


def test_jvp_of_data_dependent_while_needs_no_tape():
    j = s2sad.jvp(doubling)
    check_jvp(doubling, np.array([0.3, -0.1, 0.2]), tangent=np.array([1.0, 2.0, -1.0]), rtol=1e-6)
    assert "tape" not in j.source and ".append(" not in j.source and "pop" not in j.source
    check_jvp(newton_sqrt, 2.0, tangent=1.0, rtol=1e-6)
    assert s2sad.jvp(newton_sqrt)(2.0, 1.0)[1] == pytest.approx(0.5 / np.sqrt(2.0), rel=1e-9)


def test_tuple_output_gives_tuple_tangent():
    value, tangent = s2sad.jvp(polar, wrt=(0, 1))(3.0, 4.0, (1.0, 0.0))
    assert value == pytest.approx((5.0, np.arctan2(4.0, 3.0)))
    assert tangent == pytest.approx((0.6, -4.0 / 25.0))
    check_jvp(polar, 3.0, 4.0, tangent=(0.3, -0.2), wrt=(0, 1))


def test_wrt_by_name_and_tangent_shapes():
    m, s = np.arange(6.0).reshape(3, 2), np.array([1.0, -2.0, 0.5])
    value, tangent = s2sad.jvp(scale_rows, wrt="s")(m, s, np.ones(3))
    assert tangent.shape == (3, 2)
    np.testing.assert_allclose(tangent, m)
    with pytest.raises(S2sadError, match=r"shape \(2,\)"):
        s2sad.jvp(scale_rows, wrt="s")(m, s, np.ones(2))
    with pytest.raises(S2sadError, match="tuple of 2"):
        s2sad.jvp(scale_rows, wrt=(0, 1))(m, s, np.ones(3))


def test_inputs_unchanged_and_tangent_is_fresh():
    x, v = np.array([1.0, 2.0]), np.array([0.5, -0.5])
    value, tangent = s2sad.jvp(identity)(x, v)
    assert not np.shares_memory(tangent, v) and not np.shares_memory(value, tangent)
    tangent[0] = 99.0
    np.testing.assert_array_equal(v, [0.5, -0.5])
    check_jvp(scale_rows, np.ones((3, 2)), np.array([1.0, 2.0, 3.0]), tangent=(np.ones((3, 2)), np.ones(3)),
              wrt=(0, 1))


def test_lists_and_against_autograd():
    x = np.array([0.3, -1.2, 2.0])
    check_jvp(collect, x, tangent=np.array([1.0, 0.5, -2.0]))
    check_jvp(rnn, 0.4, x, tangent=0.7, reference="autograd")


def test_scalar_loop_code_reads_like_hand_written():
    j = s2sad.jvp(rnn, wrt=(0, 1))
    j(0.5, np.ones(3), (1.0, np.ones(3)))
    assert "t_h = 0.0" in j.source
    assert "# h = np.tanh(w * h + x[i])" in j.source
    assert "zeros_like" not in j.source and "unbroadcast" not in j.source


def test_source_is_deterministic():
    from s2sad import higher
    j = s2sad.jvp(rnn)
    j(0.5, np.ones(3), 1.0)
    first = j.source
    higher._CACHE.clear()
    j = s2sad.jvp(rnn)
    j(0.5, np.ones(3), 1.0)
    assert j.source == first


# ---------------------------------------------------------------- rules and refusals
def softsign(x):
    return x / (1.0 + np.abs(x))


def uses_softsign(x):
    return softsign(x) ** 2


def test_function_with_only_a_reverse_rule_is_refused_then_taught():
    @s2sad.adjoint(softsign)
    def _(y, x):
        d[x] = d[y] / (1.0 + np.abs(x)) ** 2

    with pytest.raises(NoDerivativeError, match=r"@s2sad.tangent\(softsign\)"):
        s2sad.jvp(uses_softsign)(0.5, 1.0)

    @s2sad.tangent(softsign)
    def _(y, x):
        t[y] = t[x] / (1.0 + np.abs(x)) ** 2

    check_jvp(uses_softsign, 0.5, tangent=1.0)
    check_jvp(uses_softsign, -0.8, tangent=2.0)


def test_malformed_forward_rules_are_rejected():
    def two_statements(y, x):
        t[y] = t[x]
        t[y] = t[x]

    def constant_term(y, x):
        t[y] = t[x] + 1.0

    for template in (two_statements, constant_term):
        with pytest.raises(S2sadError, match="forward rule"):
            s2sad.tangent(np.sinc)(template)


def scaled(x, k):
    return x * k


def uses_scaled(x, k):
    return scaled(x, k) + x


def test_parameter_without_a_term_is_refused_not_dropped():
    @s2sad.tangent(scaled)
    def _(y, x, k):
        t[y] = t[x] * k

    check_jvp(uses_scaled, 0.5, 3.0, tangent=1.0)
    with pytest.raises(NoDerivativeError, match=r"reaches the parameter `k` of `scaled`"):
        s2sad.jvp(uses_scaled, wrt=1)(0.5, 3.0, 1.0)


def with_statement(x):
    with open(__file__):
        y = x * 2.0
    return y


def test_unsupported_syntax_is_refused_in_forward_mode_too():
    with pytest.raises(UnsupportedSyntaxError, match="with"):
        s2sad.jvp(with_statement)(1.0, 1.0)


def stopped(x):
    return x * s2sad.stop_gradient(x) + np.sin(s2sad.stop_gradient(2.0 * x))


def test_stop_gradient_is_identity_with_zero_derivative():
    assert s2sad.stop_gradient(1.5) == 1.5 and stopped(0.3) == 0.3 * 0.3 + np.sin(0.6)
    assert s2sad.jvp(stopped)(0.3, 1.0)[1] == pytest.approx(0.3)
    assert s2sad.grad(stopped)(0.3) == pytest.approx(0.3)
    assert s2sad.hvp(stopped)(0.3, 1.0) == 0.0


@pytest.mark.jit
def test_jvp_jit_matches_python():
    x = np.random.default_rng(0).normal(size=30)
    for f, args, v, wrt in [(rnn, (0.6, x), (1.0, np.ones(30)), (0, 1)),
                            (doubling, (np.array([0.3, -0.1, 0.2]),), np.array([1.0, 2.0, -1.0]), 0),
                            (collect, (x[:5],), np.ones(5), 0)]:
        got = s2sad.jvp(f, wrt=wrt, jit=True)(*args, v)
        want = s2sad.jvp(f, wrt=wrt)(*args, v)
        np.testing.assert_allclose(got[1], want[1], rtol=1e-12)
        check_jvp(f, *args, tangent=v, wrt=wrt, jit=True)


SCALE = 2.0
OFFSET = np.array([0.5, -1.0, 0.25])


def reads_globals(x):
    return np.sum(np.sin(SCALE * x + OFFSET) ** 2)


def test_globals_are_read_at_each_call():
    global SCALE
    x, v = np.array([0.3, -0.2, 0.9]), np.array([1.0, 0.5, -1.0])
    j, h = s2sad.jvp(reads_globals), s2sad.hvp(reads_globals)
    check_jvp(reads_globals, x, tangent=v)
    first_t, first_h = j(x, v)[1], h(x, v)
    try:
        SCALE = 3.0
        assert j(x, v)[1] != pytest.approx(first_t)
        check_jvp(reads_globals, x, tangent=v)
        from s2sad.testing import check_hvp
        check_hvp(reads_globals, x, v=v)
        assert not np.allclose(h(x, v), first_h)
    finally:
        SCALE = 2.0


def test_partial_targets():
    import functools
    f = functools.partial(scale_rows, np.arange(6.0).reshape(3, 2))
    value, tangent = s2sad.jvp(f)(np.array([1.0, -2.0, 0.5]), np.ones(3))
    np.testing.assert_allclose(tangent, np.arange(6.0).reshape(3, 2))
