"""API situations found by the api21 sweep (issue 8): defaults rebound after the gradient was
made, users' forward rules (checked at registration and when they run, as reverse rules are;
hvp through users' rules), a parameter named ``dout`` under jit, and unpacking the wrong
number of values. Each is now right (checked against the function's own derivative or
autograd) or an error saying what is wrong: an ``S2sadError``, or the function's own."""
import numpy as np
import pytest

import s2sad


def weighted(x, w=np.array([1.0, 2.0])):
    return np.sum(w * x)


def weighted_kw(x, *, k=np.array([1.0, 2.0])):
    return np.sum(k * x)


@pytest.fixture
def forget_rules():
    """Functions whose rules (reverse and forward) a test registers: dropped after it."""
    from s2sad.rules import forward_registry, registry
    funcs = []
    yield funcs.append
    for fn in funcs:
        for table in (registry._RULES, forward_registry._RULES):
            table.pop(registry._key(fn), None)
    registry._changed()


def _derivative(mode, f):
    """The derivative of ``f`` at x as a function of x: the gradient, or the jvp along e0."""
    if mode == "grad":
        return s2sad.grad(f)
    g = s2sad.jvp(f)
    return lambda x: np.array([g(x, np.array([1.0, 0.0]))[1], g(x, np.array([0.0, 1.0]))[1]])


@pytest.mark.parametrize("mode", ["grad", "jvp"])
@pytest.mark.parametrize("f, attr", [(weighted, "__defaults__"), (weighted_kw, "__kwdefaults__")])
def test_a_default_rebound_after_the_gradient_was_made_is_the_one_used(mode, f, attr):
    """Python reads ``__defaults__`` / ``__kwdefaults__`` at each call: the gradient too. (It kept
    the defaults it saw when it was made, and gave the old weights' gradient, silently.)"""
    x = np.array([1.0, 1.0])
    saved = getattr(f, attr)
    try:
        d = _derivative(mode, f)
        np.testing.assert_allclose(d(x), [1.0, 2.0])
        w = np.array([4.0, 5.0])
        setattr(f, attr, (w,) if attr == "__defaults__" else {"k": w})
        np.testing.assert_allclose(d(x), w)
        if attr == "__kwdefaults__":
            f.__kwdefaults__["k"] = np.array([7.0, 8.0])     # a key rebound in the same dict
            np.testing.assert_allclose(d(x), [7.0, 8.0])
    finally:
        setattr(f, attr, saved)


def pair(a, b):
    return a * b + a


def uses_pair(x, y):
    return pair(x, y) * 2.0


def scaled(a, *, s=2.0):
    return a * s


def uses_scaled(x):
    return scaled(x, s=3.0) + scaled(x)


def test_a_forward_rule_naming_an_undefined_value_is_refused_where_it_is_registered():
    """As a reverse rule is; it was accepted, and jvp then failed with an AttributeError
    from s2sad's code."""
    def rule(y, a, b):
        t[y] = t[a] * (b + undefined_here)  # noqa: F821
    with pytest.raises(s2sad.RuleError, match="`undefined_here`, which is not defined"):
        s2sad.tangent(pair)(rule)


def test_a_forward_rule_takes_the_functions_parameters_by_name():
    """Its parameters bind the call's arguments by name, as a reverse rule's do: ``(y, b, a)``
    for ``pair(a, b)`` is refused (it was accepted, and read each argument's tangent for the
    other: a wrong jvp, silently)."""
    def rule(y, b, a):
        t[y] = t[a] * (b + 1.0) + t[b] * a  # noqa: F821
    with pytest.raises(s2sad.RuleError, match=r"does not match `pair\(a, b\)`.*def rule\(y, a, b\)"):
        s2sad.tangent(pair)(rule)


def test_a_function_with_keyword_only_parameters_takes_a_rule(forget_rules):
    """Refused before, with the advice to write the very signature refused (``def r(y, a, s)``);
    now the rules are used (made 10x the true derivative here, to see that they are)."""
    def back(y, a, s):
        d[a] = d[y] * s * 10.0  # noqa: F821
    def fwd(y, a, s):
        t[y] = t[a] * s * 10.0  # noqa: F821
    forget_rules(scaled)
    s2sad.adjoint(scaled)(back)
    s2sad.tangent(scaled)(fwd)
    assert s2sad.grad(uses_scaled)(2.0) == 50.0
    assert s2sad.jvp(uses_scaled)(2.0, 1.0) == (10.0, 50.0)


def softplus(x):
    return np.log1p(np.exp(x))


def softplus_loss(x):
    return np.sum(softplus(x) * x)


@pytest.mark.parametrize("jit", [False, True])
def test_hvp_runs_through_a_users_reverse_and_forward_rules(jit, forget_rules):
    """Each ``d[x]`` of a user's rule is wrapped in ``checked_rule_result``; hvp, forward mode over
    the adjoint, was refused there, asking the user for a tangent rule of that s2sad helper."""
    from autograd import hessian
    import autograd.numpy as anp

    def back(y, x):
        d[x] = d[y] / (1.0 + np.exp(-x))  # noqa: F821

    def fwd(y, x):
        t[y] = t[x] / (1.0 + np.exp(-x))  # noqa: F821
    x, v = np.array([0.1, -0.4, 0.7]), np.array([1.0, 0.5, -2.0])
    want = hessian(lambda x: anp.sum(anp.log1p(anp.exp(x)) * x))(x) @ v
    forget_rules(softplus)
    s2sad.adjoint(softplus)(back)
    s2sad.tangent(softplus)(fwd)
    np.testing.assert_allclose(s2sad.hvp(softplus_loss, jit=jit)(x, v), want, rtol=1e-12)


def softplus_sum(x):
    return np.sum(softplus(x) * 2.0)


@pytest.mark.parametrize("jit", [False, True])
def test_a_forward_rule_giving_a_tangent_of_another_shape_is_refused_when_it_runs(jit, forget_rules):
    """As a reverse rule's ``d[x]`` is: a scalar tangent for an array result was spread by the
    ``np.sum`` reading it (2.0 here, where the rule's own numbers give 4.0), silently."""
    from s2sad.rules.custom import RuleShapeError

    def fwd(y, x):
        t[y] = np.sum(t[x])  # noqa: F821
    forget_rules(softplus)
    s2sad.tangent(softplus)(fwd)
    with pytest.raises(RuleShapeError, match=r"(?s)line \d+, column 5, in softplus_sum.*the forward rule `fwd`"):
        s2sad.jvp(softplus_sum, jit=jit)(np.array([0.1, 0.2]), np.array([1.0, 0.0]))


def weighted_by_dout(x, dout):
    return np.sum(x * dout)


def distance_to_dout(x, dout):
    return np.mean((x - dout) ** 2)


def test_a_parameter_named_dout_is_not_the_head_gradient_under_jit():
    """The adjoint's head gradient is then `dout2`; numba's lowering gave the rank of the output
    (a number) to the name `dout`, the user's array, and summed its gradient to a number
    (an "internal error" refusal); the descent loop of minimize bound `dout` = 1.0 and left
    `dout2` undefined (a JitError)."""
    x = np.array([0.1, 0.2, 0.3])
    np.testing.assert_allclose(s2sad.grad(weighted_by_dout, wrt=1, jit=True)(x, np.ones(3)), x)
    target = np.array([1.0, 2.0, 3.0])
    found = s2sad.minimize(distance_to_dout, np.zeros(3), args=(target,), method="sgd", lr=0.5, steps=200, jit=True)
    np.testing.assert_allclose(found.x, target)


PAIR = (2.0, 3.0)


def unpack_argument(x):
    a, b = x
    return a * b


def unpack_rows(x):
    s = 0.0
    for a, b in x:
        s = s + a * b
    return s


def unpack_global(x):
    a, b = PAIR
    return a * x * x + b * x


@pytest.mark.parametrize("jit", [False, True])
def test_unpacking_the_wrong_number_of_values_raises_the_functions_own_error(jit, monkeypatch):
    """``a, b = v`` is read as ``a = v[0]; b = v[1]``: with three items in ``v`` Python raises
    ValueError, and the gradient was of the first two items, silently (an argument, the rows of
    a loop, a global tuple rebound after the gradient was made)."""
    x = np.array([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="too many values to unpack"):
        s2sad.grad(unpack_argument, jit=jit)(x)
    with pytest.raises(ValueError, match="too many values to unpack"):
        s2sad.grad(unpack_rows, jit=jit)(np.ones((2, 3)))
    rows = np.array([[1.0, 1.0], [2.0, 2.0]])
    np.testing.assert_allclose(s2sad.grad(unpack_rows, jit=jit)(rows), rows[:, ::-1])
    g = s2sad.grad(unpack_global, jit=jit)
    assert g(1.0) == 7.0
    monkeypatch.setitem(globals(), "PAIR", (2.0, 3.0, 4.0))
    with pytest.raises(ValueError, match="too many values to unpack"):
        g(1.0)
