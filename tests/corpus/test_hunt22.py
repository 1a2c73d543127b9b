"""Functions written as people in other fields write them (hunt22: NLP by hand, structural
mechanics, molecular dynamics, fluids, hydrology and ecology, pharmacokinetics, power systems,
sports ratings, survival analysis, psychometrics, causal inference, econometrics, optics,
acoustics, manufacturing, meteorology). The whole hunt lives in /work/scratch/hunt22 (harness.py,
set_*.py, table.md); these are the cases where s2sad was wrong, crashed or refused what a user
would expect to work."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_hvp, check_jvp

Y_BUS = np.array([[10 - 20j, -10 + 10j, 0j], [-10 + 10j, 20 - 30j, -10 + 20j], [0j, -10 + 20j, 10 - 20j]])


def dc_injections_from_admittance(th):
    Y = np.array([[10 - 20j, -10 + 10j, 0j], [-10 + 10j, 20 - 30j, -10 + 20j], [0j, -10 + 20j, 10 - 20j]])
    G, B = Y.real, Y.imag
    d = th[:, None] - th[None, :]
    P = np.sum(G * np.cos(d) + B * np.sin(d), axis=1)
    return np.sum(P ** 2)


def real_part_of_a_real_value(x):
    z = np.exp(x)
    return np.sum(z.real ** 2 + z.imag) + x.real[0] * x.imag.sum()


@pytest.mark.parametrize("f", [dc_injections_from_admittance, real_part_of_a_real_value])
def test_real_and_imag_attributes_are_np_real_and_np_imag(f):
    """`G, B = Y.real, Y.imag` of a local complex admittance matrix (power flow) was refused as
    the attribute of a local value, with the advice 'leave it out' (wrong for a complex value).
    `.real`/`.imag` are now np.real/np.imag: of a constant complex value they are constants; of
    a differentiated (real) value the value itself and zero. Refused before the fix."""
    th = np.array([0.0, -0.05, 0.1])
    check_grad(f, th)
    check_jvp(f, th, tangent=np.array([0.3, -1.0, 0.5]))


def real_part_of_a_complex_differentiated_value(x):
    z = x * (1 + 1j)
    return np.sum(z.real)


def test_real_part_of_a_complex_differentiated_value_is_still_refused():
    with pytest.raises(s2sad.UnsupportedSyntaxError, match="complex number"):
        s2sad.grad(real_part_of_a_complex_differentiated_value)(np.ones(3))


XS = np.array([[0.3, -1.2, 0.5], [1.1, 0.4, -0.7], [-0.6, 0.9, 1.3], [0.2, -0.3, -1.1], [1.5, 0.8, 0.1]])
YB = np.array([1.0, 0.0, 1.0, 0.0, 1.0])
YC = np.array([0.4, -0.3, 1.2, -0.8, 0.9])


def probit_nll(beta):
    from scipy.special import log_ndtr
    z = XS @ beta
    return -np.sum(YB * log_ndtr(z) + (1 - YB) * log_ndtr(-z))


def tobit_nll(theta):
    from scipy.special import log_ndtr
    beta, sigma = theta[:3], np.exp(theta[3])
    y = np.maximum(YC, 0.0)
    xb = XS @ beta
    cens = y <= 0
    r = (y[~cens] - xb[~cens]) / sigma
    return -(np.sum(log_ndtr(-xb[cens] / sigma)) + np.sum(-0.5 * r ** 2 - np.log(sigma)))


def heckman_mills(g):
    from scipy.special import ndtr
    z = XS @ g
    return np.sum(np.exp(-0.5 * z ** 2) / ndtr(z))


def log_ndtr_far_left(s):
    from scipy.special import log_ndtr
    return log_ndtr(-40.0 * s)


CASES = [(probit_nll, np.array([0.5, 0.3, -0.1])), (tobit_nll, np.array([0.5, -0.3, 0.8, 0.1])),
         (heckman_mills, np.array([0.4, 0.2, 0.1]))]


@pytest.mark.parametrize("f, x", CASES)
def test_normal_distribution_function_has_rules(f, x):
    """scipy.special.ndtr / log_ndtr (probit, tobit, Heckman's Mills ratio) had no derivative
    rule: refused in every mode. Refused before the fix."""
    pytest.importorskip("scipy")
    check_grad(f, x)
    check_jvp(f, x, tangent=np.cos(np.arange(x.size) + 0.5))
    check_hvp(f, x, v=np.sin(np.arange(x.size) + 0.5), rtol=1e-4, atol=1e-6)


def test_log_ndtr_slope_is_finite_where_ndtr_underflows():
    """log_ndtr's slope exp(-x**2/2 - y)/sqrt(2 pi) stays finite far left, where the density
    over ndtr would be 0/0; at x = -40 it is about -x (the Mills ratio)."""
    pytest.importorskip("scipy")
    check_grad(log_ndtr_far_left, 1.0, rtol=1e-6)
    assert abs(s2sad.grad(log_ndtr_far_left)(1.0) + 40.0 * 40.025) < 0.1


def test_normal_distribution_function_under_jit():
    """numba has no scipy.special: ndtr / log_ndtr (to -35 by erfc, below by the Mills series)."""
    pytest.importorskip("scipy")
    check_grad(probit_nll, CASES[0][1], jit=True)
    check_grad(log_ndtr_far_left, 1.0, rtol=1e-6, jit=True)


PRIORS = {"k": 1.5, "c": 0.3}
LAYER = {"w": np.array([1.0, 2.0]), "c": 0.3}


def gd_on_a_copy_of_global_params(x):
    p = dict(PRIORS)
    p["k"] = x[0]
    for _ in range(4):
        p["k"] -= 0.1 * (2 * (p["k"] - 3.0) + p["c"])
        p["c"] = p["c"] * 0.9 + 0.01 * p["k"]
    return p["k"] * p["c"] * x[1]


def method_copy_of_global_params(x):
    p = PRIORS.copy()
    p["k"] = x[0] ** 2
    return p["k"] * p["c"] + x[1] * PRIORS["k"]


def rebinding_an_array_entry_of_a_copy(x):
    p = dict(LAYER)
    p["w"] = p["w"] * x[0]
    return np.sum(p["w"]) * x[1] + np.sum(LAYER["w"])


def writing_into_an_array_entry_of_a_copy(x):
    p = dict(LAYER)
    p["w"][0] = x[0]
    return np.sum(p["w"]) * x[1]


@pytest.mark.parametrize("f", [gd_on_a_copy_of_global_params, method_copy_of_global_params,
                               rebinding_an_array_entry_of_a_copy])
def test_copy_of_a_global_dict_is_a_local_dict(f):
    """Writing into a global dict is refused with the advice `local = dict(P)`; that copy was then
    refused as sharing memory with the global, and `P.copy()` crashed (AdjointFailedError: the
    dict went through np.copy's rule). A copy of a global dict is now a local dict whose entries
    are read from the global's. Refused / crashed before the fix."""
    x = np.array([0.5, 2.0])
    check_grad(f, x)
    check_jvp(f, x, tangent=np.array([1.0, -0.5]))
    assert PRIORS == {"k": 1.5, "c": 0.3} and np.array_equal(LAYER["w"], [1.0, 2.0])


def test_copy_of_a_global_dict_shares_its_arrays():
    """The copy is shallow, as in Python: writing into an array it holds writes into the global's."""
    with pytest.raises(s2sad.UnsupportedSyntaxError, match="shares memory with the global `LAYER`"):
        s2sad.grad(writing_into_an_array_entry_of_a_copy)(np.array([0.5, 2.0]))


SETTINGS = {"k": 1.5, "c": 0.3}


def total_of_a_copy_of_settings(x):
    p = dict(SETTINGS)
    p["k"] = x[0]
    return sum(p.values()) * x[1]


def test_copy_of_a_global_dict_follows_its_keys():
    """The copy has the keys the global had when the adjoint was built: a key added or removed
    in place later must rebuild it (the guard checks a dict's keys at each call, not only when
    the global is rebound). Without that, the value and gradient were those of the old keys."""
    g = s2sad.value_and_grad(total_of_a_copy_of_settings)
    x = np.array([0.5, 2.0])
    try:
        for change in (lambda: None, lambda: SETTINGS.update(z=10.0), lambda: SETTINGS.pop("c")):
            change()
            value, grad = g(x)
            assert value == pytest.approx(total_of_a_copy_of_settings(x))
            np.testing.assert_allclose(grad, [x[1], sum(dict(SETTINGS, k=x[0]).values())], rtol=1e-12)
    finally:
        SETTINGS.clear()
        SETTINGS.update(k=1.5, c=0.3)


def sine_where_positive_into_zeros(x):
    y = np.zeros_like(x)
    np.sin(x, out=y, where=x > 0)
    return np.sum(y * x)


def sine_where_positive_as_advised(x):
    y = np.zeros_like(x)
    y = np.where(x > 0, np.sin(x), y)
    return np.sum(y * x)


def test_out_with_where_is_followed_as_the_write_it_makes():
    """`np.sin(x, out=y, where=m)` was advised as `y = np.sin(x, where=m)`, which leaves the
    elements where m is False uninitialised (garbage, not y's zeros); the advice was then mended to
    `np.where`. Since stop 55 (ufuncs55) the form is followed as that write: its gradient is the
    one of the function the old advice wrote."""
    x = np.array([0.7, -0.4, 1.3, -0.2, 0.9])
    assert sine_where_positive_as_advised(x) == sine_where_positive_into_zeros(x)
    check_grad(sine_where_positive_into_zeros, x)
    np.testing.assert_allclose(s2sad.grad(sine_where_positive_into_zeros)(x),
                               s2sad.grad(sine_where_positive_as_advised)(x), rtol=1e-13)


def thomas_solve_two_loops_over_i(d):
    n = len(d)
    b = 4.0 + d
    cp, dp = np.zeros(n), np.zeros(n)
    cp[0], dp[0] = -1.0 / b[0], 1.0 / b[0]
    for i in range(1, n):
        m = b[i] + cp[i - 1]
        cp[i] = -1.0 / m
        dp[i] = (i + 1.0 + dp[i - 1]) / m
    xs = np.zeros(n)
    xs[-1] = dp[-1]
    for i in range(n - 2, -1, -1):
        xs[i] = dp[i] - cp[i] * xs[i + 1]
    return xs @ xs


def index_given_a_new_value(x):
    s = 0.0
    for i in range(3):
        s = s * 0.5 + x[i] ** 2
    i = 4
    return s * x[i]


def index_kept_by_a_loop_of_no_step(x):
    s = 0.0
    for i in range(3):
        s = s * 0.5 + x[i] ** 2
    for i in range(0):
        s += x[i]
    return s * i


@pytest.mark.parametrize("f", [thomas_solve_two_loops_over_i, index_given_a_new_value])
def test_checkpointed_loop_index_rebound_before_it_is_read(f):
    """The Thomas algorithm's second sweep (`for i in range(n - 2, -1, -1)`) reads its own `i`,
    yet checkpoint=2 refused the first sweep as 'a loop whose index is read after it'. Only a
    read of the index's last value counts now. The Thomas sweep is refused before the fix; a
    plain `i = 4` was already followed (the front end renames it)."""
    import functools
    x = np.array([0.7, -0.4, 1.3, 0.2, 0.9])
    check_grad(f, x, grad_fn=functools.partial(s2sad.grad, checkpoint=2))


def test_checkpointed_loop_index_kept_by_an_empty_loop_is_still_refused():
    with pytest.raises(s2sad.UnsupportedSyntaxError, match="whose index `i` is read after it"):
        s2sad.grad(index_kept_by_a_loop_of_no_step, checkpoint=2)(np.array([0.7, -0.4, 1.3, 0.2, 0.9]))


def namedtuple_fields(x):
    from collections import namedtuple
    Params = namedtuple("Params", "alpha beta")
    p = Params(x[0], x[1] ** 2)
    return p.alpha * p.beta


def namedtuple_of_computed_fields(x):
    from collections import namedtuple
    names = "alpha beta"
    Params = namedtuple("Params", names)
    p = Params(x[0], x[1] ** 2)
    return p.alpha * p.beta


def test_attribute_of_an_object_made_in_the_function_is_advised_as_a_dict():
    """`p.alpha` of a namedtuple was advised 'Use a NumPy function (np.transpose, ...)'; an
    attribute arrays do not have is now advised as a dict entry, which s2sad follows. (records52:
    a class made of constants in the function is followed, below; of computed fields, refused.)"""
    x = np.array([0.5, 2.0])
    with pytest.raises(s2sad.UnsupportedSyntaxError, match=r"`\.alpha` of a local value(.|\n)*`p\['alpha'\]`"):
        s2sad.grad(namedtuple_of_computed_fields)(x)


def test_namedtuple_class_made_in_the_function_is_followed():
    """records52 (frontend/local_namedtuples.py): the refusal above, of hunt22's own example, lifted."""
    check_grad(namedtuple_fields, np.array([0.5, 2.0]))
