"""minimize's compiled descent runs its loop without broadcasting fallbacks first (tools.descent_try).

A first descent whose shapes match compiles only that copy of the loop; one whose data need
broadcasting (or any error) switches to the loop itself, runs again from x0 and returns what
jit=False returns; the warm path (optim_fast) recalls the checking path on a switch."""
import numpy as np

import s2sad
from s2sad.backends import first_try
from s2sad.tools.descent import loop_name


def _compiled(f, x0, args, method):
    """Names of the descent module's functions numba compiled for ``f``."""
    built = s2sad.tools.optim._built_for(f, (x0,) + args, True)
    return sorted(n for n, d in built.descent_module_for(method, np.ndim(x0) > 0).dispatchers.items() if d.overloads)


def _same_as_python(f, x0, args, **kw):
    got = s2sad.minimize(f, x0, args=args, **kw)
    want = s2sad.minimize(f, x0, args=args, jit=False, **kw)
    np.testing.assert_allclose(got.x, want.x, rtol=1e-6, atol=1e-12)
    np.testing.assert_allclose(got.losses, want.losses, rtol=1e-6, atol=1e-12)
    return got


def mse_a(p, x, y):
    r = p[0] * x + p[1] - y
    return np.mean(r * r)


def test_a_first_descent_whose_shapes_match_compiles_only_the_loop_without_fallbacks():
    x = np.linspace(0.0, 1.0, 40)
    args, x0 = (x, 3.0 * x + 1.0), np.array([0.5, 0.0, 0.0])
    _same_as_python(mse_a, x0, args, method="sgd", lr=0.1, steps=50)
    name = loop_name("sgd", True)
    compiled = _compiled(mse_a, x0, args, "sgd")
    assert compiled == [first_try.PREFIX + name], compiled


def mse_b(p, x, y):
    r = p[0] * x + p[1] - y
    return np.mean(r * r)


def test_a_descent_that_broadcasts_switches_to_the_full_loop_from_x0():
    x = np.linspace(0.0, 1.0, 40)
    x0 = np.array([0.5, 0.0, 0.0])
    _same_as_python(mse_b, x0, (x, 3.0 * x + 1.0), method="adam", lr=0.05, steps=60)
    x0_before = x0.copy()
    _same_as_python(mse_b, x0, (x, np.array([0.25])), method="adam", lr=0.05, steps=60)  # y broadcast
    np.testing.assert_array_equal(x0, x0_before)
    name = loop_name("adam", True)
    assert name in _compiled(mse_b, x0, (x, x), "adam")
    _same_as_python(mse_b, x0, (x, 2.0 * x), method="adam", lr=0.05, steps=60)  # shapes match again


def mse_c(p, x, y):
    r = y - p[1] - p[0] * x
    return np.sum(r * r) / x.shape[0]


def test_the_warm_path_recalls_the_checking_path_when_data_need_broadcasting():
    x = np.linspace(0.0, 1.0, 30)
    x0 = np.array([0.5, 0.0, 0.0])
    for _ in range(2):           # the second call takes the warm path (optim_fast)
        _same_as_python(mse_c, x0, (x, 3.0 * x + 1.0), method="momentum", lr=0.05, steps=40)
    _same_as_python(mse_c, x0, (x, np.array([0.25])), method="momentum", lr=0.05, steps=40)
    _same_as_python(mse_c, x0, (x, np.array([0.75])), method="momentum", lr=0.05, steps=40)


def scalar_d(t, x, y):
    r = t * x - y
    return np.sum(r * r)


def test_a_float_x0_takes_the_scalar_loop_without_fallbacks_then_switches():
    x = np.linspace(0.0, 1.0, 25)
    _same_as_python(scalar_d, 0.5, (x, 2.0 * x), method="sgd", lr=0.01, steps=30)
    _same_as_python(scalar_d, 0.5, (x, np.array([1.0])), method="sgd", lr=0.01, steps=30)


def mse_e(p, x, y):
    r = x * p[0] - y + p[1]
    return np.mean(r * r)


def test_the_loop_for_the_size_of_x_has_its_copy_without_fallbacks_too():
    from s2sad.tools.descent_sized import sized_name
    x = np.linspace(0.0, 1.0, 40)
    args, x0 = (x, 3.0 * x + 1.0), np.array([0.5, 0.0])
    _same_as_python(mse_e, x0, args, method="adam", lr=0.1, steps=50)
    compiled = _compiled(mse_e, x0, args, "adam")
    assert compiled == [first_try.PREFIX + sized_name("adam", 2)], compiled
    _same_as_python(mse_e, x0, (x, np.array([2.0])), method="adam", lr=0.1, steps=50)    # y broadcast
    assert sized_name("adam", 2) in _compiled(mse_e, x0, args, "adam")
