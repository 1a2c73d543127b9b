"""Functions written as scientists write them (hunt18: finance, PDE stencils, control,
probabilistic models, ML layers, robotics, ecology / epidemics, image processing, statistics,
Python idioms). The whole hunt lives in /work/scratch/hunt18 (harness.py); these are the cases
where s2sad was wrong, crashed or refused what a user would expect to work."""
import re

import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_hvp, check_jvp

HERE = re.escape(__file__.rsplit("/", 1)[-1])
S_GRID = 1j * np.logspace(-1, 1, 8)
GAIN = 2.0 + 0.5j


def transfer_function_log_magnitude(coef):
    s = 1j * np.logspace(-1, 1, 8)            # complex frequencies, a constant
    den = s ** 2 + coef[1] * s + coef[2]      # complex, and differentiated
    return np.sum(np.log(np.abs(coef[0] / den)))


def complex_global_grid(coef):
    return np.sum(np.abs(coef[0] + coef[1] * S_GRID) ** 2)


def complex_global_scalar(x):
    return np.abs(GAIN * x[0]) + x[1]


def complex_by_constructor(x):
    z = complex(x[0], x[1])
    return abs(z * z)


def complex_by_dtype(x):
    z = np.zeros(2, dtype=complex)
    z[0] = x[0]
    return np.sum(np.abs(z + 1j) ** 2)


def complex_exp_phasor(x):
    return np.sum(np.abs(np.exp(1j * x) + 0.5))


def complex_fft_spectrum(x):
    return np.sum(np.abs(np.fft.fft(x)) ** 2)


COMPLEX = [transfer_function_log_magnitude, complex_global_grid, complex_global_scalar,
           complex_by_constructor, complex_by_dtype, complex_exp_phasor, complex_fft_spectrum]


@pytest.mark.parametrize("f", COMPLEX, ids=lambda f: f.__name__)
@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_complex_value_meeting_a_differentiated_one_is_refused_at_its_line(f, mode):
    """Derivative rules are for real numbers: a complex value (a literal, a global, complex(),
    dtype=complex, exp(1j x), an FFT) flowing through them lost its imaginary part, and the
    gradient was silently wrong (transfer_function: analytic 0.56, numeric 8.0). Refused now,
    at the line where the complex value meets the differentiated one."""
    x = np.array([1.0, 2.0, 0.5])
    with pytest.raises(s2sad.S2sadError) as info:
        if mode == "grad":
            s2sad.grad(f)(x)
        else:
            s2sad.jvp(f)(x, np.ones(3))
    msg = str(info.value)
    assert re.search(rf'File ".*{HERE}", line \d+', msg), msg


def real_parts_frequency_response(coef):
    w = np.logspace(-1, 1, 8)
    re_, im = coef[2] - w ** 2, coef[1] * w
    return np.sum(0.5 * np.log(coef[0] ** 2 / (re_ ** 2 + im ** 2)))


def complex_constant_made_real_first(x):
    m = np.abs(np.fft.fft(np.array([1.0, 2.0, 0.5])))     # a real constant, from complex values
    return np.sum(m * x)


@pytest.mark.parametrize("f", [real_parts_frequency_response, complex_constant_made_real_first],
                         ids=lambda f: f.__name__)
def test_real_code_near_complex_values_still_differentiates(f):
    x = np.array([1.0, 2.0, 0.5])
    check_grad(f, x)
    check_jvp(f, x, tangent=np.array([0.3, -0.2, 1.0]))


def rk4_step(f, y, t, h, p):
    k1 = f(y, t, p)
    k2 = f(y + 0.5 * h * k1, t + 0.5 * h, p)
    k3 = f(y + 0.5 * h * k2, t + 0.5 * h, p)
    k4 = f(y + h * k3, t + h, p)
    return y + h / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4)


def sir_rhs(y, t, p):
    S, I = y[0], y[1]
    return np.array([-p[0] * S * I, p[0] * S * I - p[1] * I, p[1] * I])


def sir_fit(p):
    y = np.array([0.99, 0.01, 0.0])
    t, loss = 0.0, 0.0
    for obs in [0.012, 0.016, 0.02]:
        for _ in range(4):
            y = rk4_step(sir_rhs, y, t, 0.25, p)
            t += 0.25
        loss += (y[1] - obs) ** 2
    return 1e4 * loss


def apply_twice(g, x):
    return g(g(x))


def library_function_passed(x):
    return np.sum(apply_twice(np.sin, x) * x)


@pytest.mark.parametrize("jit", [False, True])
def test_function_passed_to_a_helper_that_calls_it(jit):
    """`rk4_step(sir_rhs, y, ...)`, the usual way to share an integrator between models, was
    refused ("a function chosen while the code runs"): the helper's parameter only names a
    function the caller knows, so each call through it now calls that function."""
    p = np.array([0.5, 0.1])
    check_grad(sir_fit, p, jit=jit)
    check_grad(library_function_passed, np.array([0.3, 1.2]), jit=jit)
    if not jit:
        check_jvp(sir_fit, p, tangent=np.array([1.0, -0.5]))
        check_hvp(sir_fit, p, v=np.array([1.0, -0.5]), rtol=1e-3, atol=1e-4)


def pick_and_call(fs, k, x):
    return fs[k](x)


def function_from_a_list(x):
    return np.sum(pick_and_call([np.sin, np.cos], 1, x))


def test_function_chosen_at_run_time_is_still_refused_with_its_line():
    with pytest.raises(s2sad.S2sadError) as info:
        s2sad.grad(function_from_a_list)(np.array([0.3, 1.2]))
    assert re.search(rf'File ".*{HERE}", line \d+', str(info.value)), str(info.value)


def tuples_of_index_and_values(x):
    hist = []
    s = 0.0
    for k, v in enumerate(x):            # k: a loop counter here ...
        s += v
        hist.append((k, s, v * s))
    total = 0.0
    for k, s_k, p in hist:               # ... and read back from a differentiated tuple here
        total += (k + 1) * p + s_k
    return total


@pytest.mark.parametrize("mode", ["jvp", "hvp"])
def test_loop_counter_whose_name_is_active_elsewhere_has_a_zero_tangent(mode):
    """Activity is per name: `k` is active because the second loop reads it from a tuple that
    carries tangents; the first loop's `for k in range(n)` gave it no tangent, so the tuple's
    tangent read `t_k` before any assignment (UnboundLocalError, reported as s2sad's failure)."""
    x, v = np.array([0.2, 0.5, 0.9]), np.array([1.0, -0.3, 0.5])
    if mode == "jvp":
        check_jvp(tuples_of_index_and_values, x, tangent=v)
    else:
        check_hvp(tuples_of_index_and_values, x, v=v)


def integrate(f, y0, p, n):
    y = y0
    for i in range(n):
        y = rk4_step(f, y, 0.1 * i, 0.1, p)
    return y


def sir_integrated(p):
    y = integrate(sir_rhs, np.array([0.99, 0.01, 0.0]), p, 6)
    return y[1] * 100 + y[2]


def test_function_passed_through_two_helpers():
    """`integrate(sir_rhs, ...)` passing `f` on to `rk4_step(f, ...)`: the name is substituted at
    each level, so the innermost call is known."""
    p = np.array([0.5, 0.1])
    check_grad(sir_integrated, p)
    check_jvp(sir_integrated, p, tangent=np.array([1.0, -0.5]))


def black_scholes_vega_local_import(S, sigma):
    import math

    import numpy.linalg as la
    from scipy.special import erf
    d1 = (np.log(S / 100.0) + 0.5 * sigma ** 2 * 0.5) / (sigma * math.sqrt(0.5))
    call = S * 0.5 * (1 + erf(d1 / np.sqrt(2))) - 100.0 * 0.5 * (1 + erf((d1 - sigma * np.sqrt(0.5)) / np.sqrt(2)))
    return np.sum(call) + la.norm(S) * math.exp(-sigma)


@pytest.mark.parametrize("jit", [False, True])
def test_import_inside_the_function(jit):
    """`from scipy.special import erf` (or `import math`) in the function body was refused
    ("an import inside the function"): 6 of hunt18's 313 functions. Importing is idempotent,
    so it is done while building and each read of the name is bound to the object."""
    S = np.array([100.0, 105.0, 98.0])
    check_grad(black_scholes_vega_local_import, S, 0.25, wrt=(0, 1), jit=jit)
    if not jit:
        check_jvp(black_scholes_vega_local_import, S, 0.25, tangent=(np.ones(3), 1.0), wrt=(0, 1))


def import_name_reassigned(x):
    import math
    math = x * 2          # noqa: F811  the imported name is also assigned: not a fixed object
    return np.sum(math)


def import_failing(x):
    import not_a_module_anywhere  # noqa: F401
    return np.sum(x)


@pytest.mark.parametrize("f", [import_name_reassigned, import_failing], ids=lambda f: f.__name__)
def test_import_that_cannot_be_done_while_building_is_refused_at_its_line(f):
    with pytest.raises(s2sad.S2sadError) as info:
        s2sad.grad(f)(np.array([1.0, 2.0]))
    assert re.search(rf'File ".*{HERE}", line \d+', str(info.value)), str(info.value)
    assert "import" in str(info.value)


def stage_structured_matrix_power(p):
    A = np.array([[0.0, 1.5], [p[0], 1 - p[1]]])
    An = np.linalg.matrix_power(A, 8)
    return np.sum(An @ np.array([1.0, 1.0]))


def test_matrix_power_times_vector_compiles():
    """numba's np.linalg.matrix_power returns an Optional array; the jit product rule read it as a
    number (rank 0) and unbroadcast the gradient to it: JitError "unbroadcast of a 1-d gradient
    to a 2-d argument" (hunt18 bio18.stage_structured_matrix_power)."""
    check_grad(stage_structured_matrix_power, np.array([0.3, 0.2]), jit=True)


def particle_filter_resampled(x):
    parts = np.array([0.4, 0.5, 0.6])
    ll = 0.0
    for t in range(3):
        parts = x[0] * parts + x[1]
        w = np.exp(-parts ** 2)
        ll += np.log(np.mean(w))
        w = w / w.sum()                  # w rebound to the normalised array ...
        parts = np.full(3, w @ parts)
    return -ll


def test_jit_in_place_rewrite_of_a_name_rebound_to_a_temporary():
    """jit's primal in-place rewrite wrote ``w = np.exp(..)`` into the array ``w`` held, which
    after ``w = w / w.sum()`` is also the division's temporary's, then that temporary in place
    into the same array: the ``w`` saved for the reverse sweep was the normalised one (silently
    wrong gradient, jit=True only; primal_inplace now checks origins knowing what it rewrites)."""
    check_grad(particle_filter_resampled, np.array([0.9, 0.05]), jit=True)
