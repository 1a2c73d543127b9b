"""Corpus, part 1: scalar arithmetic, math.* and np.* elementary functions.

Every function is written the way a user writes numeric Python and is checked
with ``s2sad.testing.check_grad`` against central finite differences.
"""
import math

import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad


def case(f, *args, wrt=0, id=None):
    return pytest.param(f, args, wrt, id=id or f.__name__)


# ---------------------------------------------------------------- arithmetic
def add(x, y):
    return x + y


def sub(x, y):
    return x - y


def mul(x, y):
    return x * y


def div(x, y):
    return x / y


def neg(x):
    return -x


def neg_product(x, y):
    return -x * y + -(y - x)


def pow_int(x):
    return x ** 3


def pow_float(x):
    return x ** 2.5


def pow_var(x, y):
    return x ** y


def const_pow(x):
    return 2.0 ** x


def sqrt_via_pow(x):
    return x ** 0.5


def pow_negative(x):
    return x ** -2


def polynomial(x):
    return 3.0 * x ** 2 - 2.0 * x + 1.0


def rational(x, y):
    return (x * x + 1.0) / (y - 3.0)


def reuse_variable(x):
    return x * x * x + x


def temporaries(x, y):
    a = x * y
    b = a + x
    c = b * a - y
    return c / b


def rebind_same_name(x, y):
    a = x * y
    a = a * a
    a = np.sin(a)
    return a + x


def augmented(x, y):
    s = x
    s += y
    s *= x
    s -= 1.0
    s /= y
    s **= 2
    return s


def unused_arg(x, y):
    return 2.0 * x


def constant_plus(x):
    return 5.0 + 0.0 * x


def int_literals(x):
    return 2 * x + 3 - x / 4


def two_x_squared_plus_y_squared(x, y):
    return x ** 2 + y ** 2


# --------------------------------------------------------------- np.* scalar
def np_exp(x):
    return np.exp(x)


def np_log(x):
    return np.log(x)


def np_log1p(x):
    return np.log1p(x)


def np_sqrt(x):
    return np.sqrt(x)


def np_sin(x):
    return np.sin(x)


def np_cos(x):
    return np.cos(x)


def np_tan(x):
    return np.tan(x)


def np_tanh(x):
    return np.tanh(x)


def np_arctan(x):
    return np.arctan(x)


def np_abs(x):
    return np.abs(x) * x


def builtin_abs(x):
    return abs(x) + x


def np_square(x):
    return np.square(x) + 1.0


def np_power(x):
    return np.power(x, 3)


def np_power_var(x, y):
    return np.power(x, y)


def np_maximum(x, y):
    return np.maximum(x, y) * 2.0


def np_minimum(x, y):
    return np.minimum(x, y) * 2.0


def builtin_max_min(x, y):
    return max(x, y) - min(x, y) * 0.5


def nested_calls(x):
    return np.sin(np.cos(np.exp(x)))


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def softplus(x):
    return np.log1p(np.exp(x))


def gaussian(x, mu, sigma):
    return np.exp(-0.5 * ((x - mu) / sigma) ** 2) / (sigma * np.sqrt(2.0 * np.pi))


def log_ratio(x, y):
    return np.log(x / y) + np.log(x * y)


# ------------------------------------------------------------------- math.*
def math_exp(x):
    return math.exp(x)


def math_log(x):
    return math.log(x)


def math_sqrt(x):
    return math.sqrt(x)


def math_sin(x):
    return math.sin(x)


def math_cos(x):
    return math.cos(x)


def math_tan(x):
    return math.tan(x)


def math_tanh(x):
    return math.tanh(x)


def math_atan(x):
    return math.atan(x)


def math_log1p(x):
    return math.log1p(x)


def math_pi(x):
    return math.pi * x * x + np.pi * x


def math_mix(x, y):
    return math.exp(x) * math.sin(y) + math.sqrt(x * x + y * y) - math.log(1.0 + x * x)


def three_args(x, y, z):
    return x * y * z + np.sin(x) * z ** 2


# ------------------------------------------------------- how users write
SCALE = 3.0
WEIGHTS = np.array([0.5, -1.0, 2.0])


def with_docstring(x):
    """Return x squared plus sin(x).

    A docstring and a comment must not confuse the compiler.
    """
    # square it
    return x * x + np.sin(x)  # trailing comment


def annotated(x: float, y: float) -> float:
    z: float = x * y
    return z + x


def module_constants(x):
    return SCALE * x * x + np.sum(WEIGHTS) * x + np.e * x


def default_param(x, k=2.0):
    return x ** 2 * k


def none_default(x, w=None):
    if w is None:
        w = 1.5
    return w * np.exp(x)


def string_mode(x, mode):
    if mode == "square":
        return x * x
    return np.sin(x)


def bool_flag(x, negate):
    y = x * np.cos(x)
    if negate:
        y = -y
    return y


def with_assert(x):
    assert x > 0, "x must be positive"
    return np.log(x) * x


def intermediate_unused(x):
    unused = np.exp(x) * 100.0
    return x * 3.0


def long_expression(x, y):
    return ((x + y) * (x - y) / (1.0 + x * x)) ** 2 - np.exp(-x * y) * np.cos(x + 2.0 * y)



def negative_constant_base(x):
    return x * (-1.3) ** 2 + np.log1p((-0.5) ** 2) * x


USE_SIN = False


def module_flag(x):
    y = x * x
    if USE_SIN:
        y = np.sin(y) * 2.0
    return y * x


CASES = [
    case(add, 1.3, -0.7, wrt=(0, 1)),
    case(sub, 1.3, -0.7, wrt=(0, 1)),
    case(mul, 1.3, -0.7, wrt=(0, 1)),
    case(div, 1.3, -0.7, wrt=(0, 1)),
    case(neg, 0.8),
    case(neg_product, 0.8, 1.7, wrt=(0, 1)),
    case(pow_int, -1.2),
    case(pow_float, 1.7),
    case(pow_var, 1.6, 2.3, wrt=(0, 1)),
    case(const_pow, 0.9),
    case(sqrt_via_pow, 2.2),
    case(pow_negative, 1.4),
    case(polynomial, 0.4),
    case(rational, 1.1, 0.5, wrt=(0, 1)),
    case(reuse_variable, 0.7),
    case(temporaries, 1.2, 0.9, wrt=(0, 1)),
    case(rebind_same_name, 0.6, 0.8, wrt=(0, 1)),
    case(augmented, 1.5, 0.7, wrt=(0, 1)),
    case(unused_arg, 1.5, 0.7, wrt=1),
    case(constant_plus, 1.5),
    case(int_literals, 1.5),
    case(np_exp, 0.3),
    case(np_log, 2.5),
    case(np_log1p, 0.4),
    case(np_sqrt, 3.1),
    case(np_sin, 0.7),
    case(np_cos, 0.7),
    case(np_tan, 0.4),
    case(np_tanh, -0.6),
    case(np_arctan, 1.9),
    case(np_abs, -1.3, id="np_abs_negative"),
    case(np_abs, 0.9, id="np_abs_positive"),
    case(builtin_abs, -2.1),
    case(np_square, -1.7),
    case(np_power, 1.3),
    case(np_power_var, 1.3, 0.6, wrt=(0, 1)),
    case(np_maximum, 1.3, 0.6, wrt=(0, 1)),
    case(np_minimum, 1.3, 0.6, wrt=(0, 1)),
    case(builtin_max_min, -0.4, 0.6, wrt=(0, 1)),
    case(nested_calls, 0.5),
    case(sigmoid, 0.3),
    case(softplus, -0.8),
    case(gaussian, 0.7, 0.2, 1.3, wrt=(0, 1, 2)),
    case(log_ratio, 2.0, 0.5, wrt=(0, 1)),
    case(math_exp, 0.3),
    case(math_log, 2.5),
    case(math_sqrt, 3.1),
    case(math_sin, 0.7),
    case(math_cos, 0.7),
    case(math_tan, 0.4),
    case(math_tanh, -0.6),
    case(math_atan, 1.9),
    case(math_log1p, 0.4),
    case(math_pi, 0.6),
    case(math_mix, 0.6, 1.1, wrt=(0, 1)),
    case(three_args, 0.6, 1.1, -0.4, wrt=(0, 2), id="three_args_wrt_0_2"),
    case(three_args, 0.6, 1.1, -0.4, wrt="y", id="three_args_wrt_name_y"),
    case(three_args, 0.6, 1.1, -0.4, wrt=("x", "z"), id="three_args_wrt_names_x_z"),
    case(three_args, 0.6, 1.1, -0.4, wrt=(0, "y", 2), id="three_args_wrt_mixed"),
    case(np_tanh, np.float64(0.3), id="np_float64_argument"),
    case(with_docstring, 0.8),
    case(annotated, 0.8, -0.3, wrt=(0, 1)),
    case(module_constants, 0.8),
    case(default_param, 0.8, id="default_param_omitted"),
    case(default_param, 0.8, 3.5, wrt=(0, 1), id="default_param_given"),
    case(none_default, 0.8),
    case(string_mode, 0.8, "square", id="string_mode_square"),
    case(string_mode, 0.8, "sin", id="string_mode_sin"),
    case(bool_flag, 0.8, True, id="bool_flag_true"),
    case(bool_flag, 0.8, False, id="bool_flag_false"),
    case(with_assert, 0.8),
    case(intermediate_unused, 0.8),
    case(long_expression, 0.8, -0.3, wrt=(0, 1)),
    case(negative_constant_base, 0.8),
    case(module_flag, 0.8),
]


@pytest.mark.parametrize("f, args, wrt", CASES)
def test_corpus_basic(f, args, wrt, corpus_jit):
    args = [np.copy(a) if isinstance(a, np.ndarray) else a for a in args]  # shared data
    check_grad(f, *args, wrt=wrt, jit=corpus_jit)


# ------------------------------------------------------- acceptance numbers
def test_seed_grad_x2_plus_y2():
    g = s2sad.grad(two_x_squared_plus_y_squared, wrt=(0, 1))
    dx, dy = g(2.0, 3.0)
    assert (dx, dy) == (pytest.approx(4.0), pytest.approx(6.0))


def test_seed_gradient_descent_100_steps():
    g = s2sad.grad(two_x_squared_plus_y_squared, wrt=(0, 1))
    x, y = 3.0, 4.0
    for _ in range(100):
        dx, dy = g(x, y)
        x -= 0.01 * dx
        y -= 0.01 * dy
    np.testing.assert_allclose([x, y], [0.39785866768425965, 0.5304782235790126], rtol=1e-12)


def test_decorator_forms():
    @s2sad.grad
    def f(x, y):
        return x ** 2 + y ** 2

    @s2sad.grad(wrt=(0, 1))
    def h(x, y):
        return x ** 2 + y ** 2

    assert f(2.0, 3.0) == pytest.approx(4.0)
    assert h(2.0, 3.0) == (pytest.approx(4.0), pytest.approx(6.0))


def test_gradient_of_scalar_arg_is_float():
    d = s2sad.grad(math_mix)(0.6, 1.1)
    assert isinstance(d, float)


def test_value_and_grad_scalar():
    h = s2sad.value_and_grad(three_args, wrt=(0, 2))
    value, (dx, dz) = h(0.6, 1.1, -0.4)
    assert value == pytest.approx(three_args(0.6, 1.1, -0.4), rel=1e-14)
    ex, ez = s2sad.grad(three_args, wrt=(0, 2))(0.6, 1.1, -0.4)
    assert (dx, dz) == (pytest.approx(ex, rel=1e-14), pytest.approx(ez, rel=1e-14))


def test_value_and_grad_single_wrt():
    value, d = s2sad.value_and_grad(np_tanh)(-0.6)
    assert value == pytest.approx(np.tanh(-0.6))
    assert d == pytest.approx(1.0 - np.tanh(-0.6) ** 2)


def test_source_is_python_and_deterministic():
    a = s2sad.grad(math_mix, wrt=(0, 1)).source
    b = s2sad.grad(math_mix, wrt=(0, 1)).source
    assert isinstance(a, str) and a == b
    compile(a, "<adjoint>", "exec")


def test_against_autograd_scalar():
    pytest.importorskip("autograd")
    import autograd.numpy as anp

    def ag_gaussian(x, mu, sigma):
        return anp.exp(-0.5 * ((x - mu) / sigma) ** 2) / (sigma * anp.sqrt(2.0 * anp.pi))

    check_grad(gaussian, 0.7, 0.2, 1.3, wrt=(0, 1, 2), reference=ag_gaussian)


def test_value_is_f_of_args():
    """value_and_grad's value must be exactly what the user's function returns."""
    for f, args in [(negative_constant_base, (0.8,)), (long_expression, (0.8, -0.3)),
                    (math_mix, (0.6, 1.1)), (augmented, (1.5, 0.7))]:
        value, _ = s2sad.value_and_grad(f)(*args)
        assert value == pytest.approx(f(*args), rel=1e-14)


@pytest.mark.jit
def test_module_flag_jit():
    """numba treats module globals as constants and prunes the dead branch; the
    tape lists used only there must still compile."""
    check_grad(module_flag, 0.8, jit=True)
