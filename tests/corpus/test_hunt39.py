"""Functions written as people in other fields write them (hunt39: robot kinematics, epidemiology,
population genetics, climate energy balance, optics, traffic, hydrology, IIR filters, PageRank,
molecular dynamics, queues, RL, images and homographies, orbital mechanics, econometrics, survival,
ranking). The whole hunt lives in /work/scratch/hunt39 (harness.py, sets/*.py, table.md); these
are the cases where s2sad was wrong, crashed or refused a reasonable form with a wrong reason."""
import math
from types import SimpleNamespace

import numpy as np
import pytest
from scipy.special import log_expit

import s2sad
from s2sad.errors import ArgumentError
from s2sad.testing import check_grad, check_hvp, check_jvp


def soft_edge(v):                       # a soft rasteriser's edge term; its parameter is named `v`
    return (2.0 - v[0]) * (2.0 - v[1])


def weighted_by_dout(x, dout):
    return np.sum(x * dout)


def test_v_keyword_naming_a_parameter_the_positionals_reach_is_refused():
    """On main 67d3297 `hvp(f)(x, v=d)` for `def f(v)` silently read `v=d` as f's argument and x
    as the direction: [0.1, 0.1, 0] for [0, 1, 0]. Both readings fit the call: now refused."""
    x, d = np.array([0.1, 0.1, 0.9]), np.array([1.0, 0.0, 0.0])
    with pytest.raises(ArgumentError, match=r"`v=` is ambiguous"):
        s2sad.hvp(soft_edge)(x, v=d)
    with pytest.raises(ArgumentError, match=r"`v=` is ambiguous"):
        s2sad.hvp(soft_edge).grad_and_hvp(x, v=d)
    with pytest.raises(ArgumentError, match=r"`dout=` is ambiguous"):
        s2sad.vjp(weighted_by_dout)(np.ones(2), np.ones(2), dout=3.0)
    np.testing.assert_allclose(s2sad.hvp(soft_edge)(x, d), [0.0, 1.0, 0.0])   # positional: fine


def advect(tangent):                    # a unit tangent of a curve, named as geometers name it
    return np.sum(tangent ** 3)


def test_tangent_keyword_naming_a_parameter_the_positionals_reach_is_refused():
    t, d = np.array([0.6, 0.8]), np.array([1.0, 0.0])
    with pytest.raises(ArgumentError, match=r"`tangent=` is ambiguous"):
        s2sad.jvp(advect)(t, tangent=d)
    assert s2sad.jvp(advect)(t, d)[1] == pytest.approx(3 * 0.36)


def scaled(a, v):
    return a * v * v


def with_keyword_only(x, *, v=2.0):
    return x * x * v


def test_a_parameter_named_v_given_by_keyword_where_unambiguous_still_works():
    assert s2sad.hvp(scaled, wrt=1)(1.0, 2.0, 1.0) == pytest.approx(2.0)
    assert s2sad.hvp(with_keyword_only)(3.0, 1.0, v=2.0) == pytest.approx(4.0)   # keyword-only


def kepler_start(M):                    # Kepler's equation started at pi for large eccentricity
    E = M if M > 10.0 else math.pi
    E -= 0.1 * math.sin(E)
    for _ in range(30):
        E = E - (E - 0.8 * math.sin(E) - M) / (1 - 0.8 * math.cos(E))
    return E


def pi_then_add(M):
    E = np.pi
    E += M * M
    return E


@pytest.mark.parametrize("f", [kepler_start, pi_then_add])
def test_a_name_bound_to_a_module_constant_is_updated_in_place(f):
    """Refused on main 67d3297 as "a write through `E`, which shares memory with the global
    `math`": `math.pi` was taken for a view of the module. A number holds no buffer."""
    check_grad(f, 1.3)
    check_jvp(f, 1.3, tangent=1.0)
    check_hvp(f, 1.3, v=1.0)


def test_a_name_bound_to_a_module_constant_compiled():
    check_grad(kepler_start, 1.3, jit=True)


class Planet:
    G = 9.81


SETTINGS = SimpleNamespace(heights=np.array([1.0, 3.0]))


def fall_from_class_constant(x):
    g = Planet.G
    g -= x * x
    return g * x


def fall_from_table_entry(x):
    h = SETTINGS.heights[0]       # an element of a global's array: a number
    h += x
    return h * x


@pytest.mark.parametrize("f", [fall_from_class_constant, fall_from_table_entry])
def test_a_number_read_from_a_global_object_is_updated_in_place(f):
    """Refused on main 67d3297 ("shares memory with the global `Planet`/`SETTINGS`"): a class
    constant and an element of a global object's 1-d array are numbers."""
    check_grad(f, 0.7)
    check_hvp(f, 0.7, v=1.0)


def test_the_global_array_becoming_a_matrix_rebuilds_and_refuses():
    g = s2sad.grad(fall_from_table_entry)
    assert g(0.7) == pytest.approx(2 * 0.7 + 1.0)
    try:
        SETTINGS.heights = np.array([[1.0, 3.0], [2.0, 2.0]])   # h is now a view of the global
        with pytest.raises(s2sad.errors.UnsupportedSyntaxError, match="shares memory with the global"):
            g(0.7)
    finally:
        SETTINGS.heights = np.array([1.0, 3.0])


def log_sigmoid_margin(w):                 # a ranking loss's log-sigmoid of score margins
    margins = np.array([1.0, -0.5, 2.0]) * w[0] - w[1]
    return -np.sum(log_expit(margins))


def test_log_expit_is_differentiated():
    """Refused on main 67d3297 (no derivative rule for `log_expit`): now -np.logaddexp(0, -x)."""
    w = np.array([0.7, 0.2])
    x = np.array([-np.inf, -800.0, -1.0, 0.0, 3.0, 800.0, np.inf])
    np.testing.assert_array_equal(-np.logaddexp(0.0, -x), log_expit(x))
    check_grad(log_sigmoid_margin, w, reference=lambda v: -np.sum(-np.logaddexp(0.0, -(np.array([1.0, -0.5, 2.0]) * v[0] - v[1]))))
    check_jvp(log_sigmoid_margin, w, tangent=np.array([1.0, -1.0]))
    check_hvp(log_sigmoid_margin, w, v=np.array([1.0, -1.0]))
    check_grad(log_sigmoid_margin, w, jit=True)
