"""Functions written as people in other fields write them (hunt40: shading and tone mapping, audio
synthesis, pharmacokinetics, ratings, psychometrics, recommenders, splines, mesh smoothing, game
physics, astronomy, Kuramoto, cellular automata, wavelets, equilibria, beams, heat exchangers, risk
parity). The whole hunt lives in /work/scratch/hunt40 (harness.py, sets/*.py, table.md); these are
the cases where s2sad was wrong, crashed or refused with a wrong reason."""
import numpy as np
import pytest

import s2sad
from s2sad.errors import UnsupportedSyntaxError
from s2sad.testing import check_grad, check_hvp, check_jvp

t = 2.0          # a module constant whose name a comprehension below reuses


def global_t_in_helper(x):
    def h(y):
        return y * t                       # the global t: a comprehension's t is its own
    return sum(h(x) * t for t in (1.0, 3.0))


def global_t_in_list(x):
    def h(y):
        return y * t
    ys = [h(x) * t for t in (1.0, 3.0)]
    return ys[0] + ys[1]


@pytest.mark.parametrize("f", [global_t_in_helper, global_t_in_list])
def test_a_nested_def_reads_the_global_a_comprehension_variable_hides_nowhere(f):
    """On main 09edc17 the helper got the comprehension's `t` (1 and 3) instead of the global
    t = 2: gradient 10 for 8. The names a nested def reads are now Python's own (symtable)."""
    assert s2sad.grad(f)(0.7) == pytest.approx(8.0)
    check_grad(f, 0.7)
    check_jvp(f, 0.7, tangent=1.0)


def local_k_comprehension_k(x):
    k = 2.0
    def h(y):
        return y * k                       # f's k = 2
    return sum(h(x) * k for k in (1.0, 3.0))


def sibling_parameter_k(x):
    k = 2.0 * x
    def h(y):
        return y * k                       # f's k
    def g(k):
        return h(k) + k
    return g(x * x)


def sibling_local_k(x):
    k = 2.0 * x
    def h(y):
        return y * k
    def g(y):
        k = y * y                          # g's own k
        return h(y) + k
    return g(x)


@pytest.mark.parametrize("f", [local_k_comprehension_k, sibling_parameter_k, sibling_local_k])
def test_a_call_where_the_captured_name_means_another_variable_is_refused(f):
    """On main 09edc17 the lifted `h(y, k)` was passed the `k` visible at the call (the
    comprehension's, g's own): 10 for 8, 2.77 for 4.34, 2.87 for 4.2. Now refused, located."""
    with pytest.raises(UnsupportedSyntaxError, match=r"reads `k` of the enclosing function.*Rename"):
        s2sad.grad(f)(0.7)


def sibling_calls_sibling(x):
    k = 2.0 * x
    def h(y):
        return y * k
    def g(y):
        return h(y) + y
    return g(x * x)


def nested_in_sibling_calls_sibling(x):
    k = 2.0 * x
    def h(y):
        return y * k
    def g(y):
        def q(z):
            return h(z) * z
        return q(y) + y
    return g(x)


def closure_returns_closure_used_in_genexpr(a):
    def make_poly(c0, c1):
        def p(s):
            return c0 + c1 * s + a * s * s
        return p(0.5) + p(0.25)
    s = a * 3
    return make_poly(1.0, a * 2) + sum(make_poly(s, 1.0) for s in (0.1, 0.2)) * s


@pytest.mark.parametrize("f", [sibling_calls_sibling, nested_in_sibling_calls_sibling,
                               closure_returns_closure_used_in_genexpr])
def test_a_def_calling_a_sibling_carries_what_the_sibling_reads(f):
    """Refused on main 09edc17 as "name `k` is not defined" (g's lifted body called h with a `k`
    g never received; a module global `k` would have been read instead)."""
    check_grad(f, 0.7)
    check_jvp(f, 0.7, tangent=1.0)
    check_hvp(f, 0.7, v=1.0)


NU = np.array([[-1.0, -1.0, 1.0, 0.0], [0.0, -1.0, -1.0, 1.0]])   # stoichiometry: NU @ NU.T = 3 I
LOGK = np.array([1.2, -0.4])


def equilibrium_newton(logc0):      # Newton on log concentrations, the step from lstsq
    x = logc0.copy()
    for _ in range(20):
        dx = np.linalg.lstsq(NU, LOGK - NU @ x, rcond=None)[0]
        x = x + dx
        if np.linalg.norm(dx) < 1e-12:
            break
    return np.sum(np.exp(x))


def least_norm(b):
    return np.sum(np.linalg.lstsq(NU, b, rcond=None)[0] ** 2)


def test_lstsq_of_a_constant_matrix_with_tied_singular_values_has_a_tangent():
    """Refused on main 09edc17 by jvp and hvp: "the tangent of the singular values: repeated
    singular values" of the constant NU, whose tangent is zero (only the right side moves)."""
    x0 = np.array([-1.0, -2.0, 0.5, -0.3])
    check_grad(equilibrium_newton, x0)
    check_jvp(equilibrium_newton, x0, tangent=np.array([1.0, -0.5, 0.2, 0.3]))
    check_hvp(equilibrium_newton, x0, v=np.array([1.0, -0.5, 0.2, 0.3]))
    check_jvp(least_norm, np.array([0.3, 1.1]), tangent=np.array([1.0, 0.5]))
    check_hvp(least_norm, np.array([0.3, 1.1]), v=np.array([1.0, 0.5]))


LIGHT = np.array([0.3, 0.5, 0.81])


def normalize(v):
    return v / np.sqrt(np.dot(v, v))


def blinn_phong(n):                 # a shader: two clamped dot products of one normalised normal
    nn = normalize(n)
    l = normalize(LIGHT)
    diff = max(np.dot(nn, l), 0.0)
    spec = max(np.dot(nn, normalize(l + np.array([0.0, 0.2, 0.98]))), 0.0) ** 32
    return 0.7 * diff + 0.3 * spec


def sphere_hit(center):             # a ray hitting a sphere, shaded by its normal
    rd = normalize(np.array([0.1, 0.05, 1.0]))
    oc = -center
    b = np.dot(oc, rd)
    c = np.dot(oc, oc) - 0.25
    t_hit = -b - np.sqrt(b * b - c)
    return t_hit + max(np.dot(normalize(t_hit * rd - center), normalize(LIGHT)), 0.0)


@pytest.mark.parametrize("f, x", [(blinn_phong, np.array([0.2, 0.1, 0.9])),
                                  (sphere_hit, np.array([0.1, 0.0, 3.0]))])
def test_hvp_of_an_adjoint_adding_two_dot_gradients(f, x):
    """Refused by hvp on main 09edc17: "`b_nn op= ...` while `normalize_t3` may share its memory"
    -- the adjoint's `b_nn = dot_grad_left(g, nn, l)` was taken for a helper that may return a
    view of its argument; s2sad's run-time helpers build new arrays (alias_views.is_new)."""
    check_grad(f, x)
    check_hvp(f, x, v=np.array([1.0, 0.5, -0.2]))


BUF = np.zeros(3)                   # a module work buffer the function fills


def fill_global_buffer(x):
    BUF[:] = 0.0
    for i in range(3):
        BUF[i] += x[i] * (i + 1)
    return np.sum(BUF * x)


def fill_global_buffer_while(x):
    BUF[:] = 1.0
    i = 0
    while i < 3:
        BUF[i] = BUF[i] * x[i] + BUF[i - 1]
        i += 1
    return np.sum(BUF ** 2)


def overwrite_global_buffer(x):
    BUF[:] = x
    for _ in range(3):
        BUF[:] = np.sin(BUF) * x + BUF[::-1]
    return np.sum(BUF ** 2)


W2 = np.zeros((3, 3))


def matrix_scratch(x):                # a Fortran-style work matrix, normalised row by row
    for i in range(3):
        for j in range(3):
            W2[i, j] = x[i] * x[j] + (1.0 if i == j else 0.0)
    for k in range(3):
        W2[k, :] = W2[k, :] / W2[k, k]
    return np.sum(W2)


def row_of_global_scaled(x):
    W2[:] = 1.0
    W2[0] = x
    W2[1] *= W2[0]
    return np.sum(W2 ** 2)


def fill_rows(v):
    for i in range(len(v)):
        W2[i, i] = v[i] * v[i]


def filled_by_helper(x):              # the buffer first written inside a helper's loop
    fill_rows(x)
    return np.sum(W2 * x)


def global_read_before_rewrite(x):
    BUF[:] = 1.0
    y = np.sum(BUF * x)
    BUF[:] = x * y
    return np.sum(BUF * x) + y


@pytest.mark.parametrize("f", [fill_global_buffer_while, overwrite_global_buffer, matrix_scratch,
                               row_of_global_scaled, filled_by_helper, global_read_before_rewrite])
def test_reads_of_a_global_array_the_function_overwrites_are_saved(f):
    """Silently wrong on main 09edc17 ([9.62, 2.88, 6.48] for [7.4, 4.8, 3.6]): the tape analysis
    took every global for unchanged, so the reverse sweep re-read `BUF[i]` at its final value
    instead of saving the value the forward sweep read."""
    x = np.array([0.3, -0.7, 1.2])
    check_grad(f, x)
    check_jvp(f, x, tangent=np.array([1.0, 0.5, -0.2]))
    check_hvp(f, x, v=np.array([1.0, 0.5, -0.2]))


def test_reads_of_a_global_array_the_function_overwrites_compiled():
    check_grad(fill_global_buffer_while, np.array([0.3, -0.7, 1.2]), jit=True)


@pytest.mark.parametrize("f", [fill_global_buffer, fill_global_buffer_while, matrix_scratch, filled_by_helper])
def test_checkpointed_loop_writing_a_global_array(f):
    """checkpoint=2 crashed on main 09edc17 (AdjointFailedError: SyntaxError "duplicate argument
    'BUF'"): the global array was both the loop's state and a global it reads; and where the
    function had not written it before the loop, it was started as an empty placeholder."""
    x = np.array([0.3, -0.7, 1.2])

    def run(g):
        BUF[:], W2[:] = 0.5, 0.25      # the same buffers before each call
        return g(x), BUF.copy(), W2.copy()
    value, buf, w2 = run(f)
    want, _, _ = run(s2sad.grad(f))
    got, got_buf, got_w2 = run(s2sad.grad(f, checkpoint=2))
    np.testing.assert_allclose(got, want, rtol=1e-12)
    np.testing.assert_array_equal(got_buf, buf)      # the buffers hold what f leaves in them
    np.testing.assert_array_equal(got_w2, w2)
    BUF[:], W2[:] = 0.5, 0.25
    check_grad(f, x, grad_fn=lambda f, wrt, jit: s2sad.grad(f, wrt=wrt, jit=jit, checkpoint=2))


def make_counter_closure():
    total = 0.0

    def inner(x):
        nonlocal total
        def sq(y):
            return y * y * x
        total += 1.0
        return sq(x) + total
    return inner


def test_a_closure_with_nonlocal_and_nested_defs_is_still_refused_located():
    """Reading the nested defs' scopes (symtable) must not trip on the differentiated closure's
    own `nonlocal` (a SyntaxError out of the analysis in this branch's first version)."""
    with pytest.raises(UnsupportedSyntaxError, match=r"`nonlocal` statement"):
        s2sad.grad(make_counter_closure())(0.7)
