"""Recursive functions: split-mode adjoints (s2sad/transforms/split.py, split_build.py,
split_stacks.py).

A call to a function that reaches itself is not inlined: the function gets a
forward and a reverse function of its own, sharing stacks with every other
call. Checked against finite differences, against the closed form where there
is one (the gradient of det(A) is det(A) inv(A)^T), in both modes: direct and
mutual recursion, a recursive ``f``, recursion on arrays of changing shape,
array and tuple results, branches and loops around the recursive calls.
"""
import numpy as np
import pytest

import s2sad
from s2sad.errors import UnsupportedSyntaxError
from s2sad.testing import check_grad, check_vjp


def minor(A, j):
    n = A.shape[0]
    M = np.zeros((n - 1, n - 1))
    M[:, :j] = A[1:, :j]
    M[:, j:] = A[1:, j + 1:]
    return M


def det(A):
    """Expansion in minors along the first row."""
    n = A.shape[0]
    if n == 1:
        return A[0, 0]
    total = 0.0
    sign = 1.0
    for j in range(n):
        total = total + sign * A[0, j] * det(minor(A, j))
        sign = -sign
    return total


def minor_loops(A, j):
    n = A.shape[0]
    M = np.zeros((n - 1, n - 1))
    for r in range(1, n):
        for c in range(n):
            if c < j:
                M[r - 1, c] = A[r, c]
            elif c > j:
                M[r - 1, c - 1] = A[r, c]
    return M


def det_loops(A):
    n = A.shape[0]
    if n == 1:
        return A[0, 0]
    total = 0.0
    for j in range(n):
        total = total + (-1.0) ** j * A[0, j] * det_loops(minor_loops(A, j))
    return total


def uses_det(A, w):
    """The recursion called from a function that is not recursive."""
    d = det(A * w)
    return d * d + np.sum(A) * w


def power_tower(x, n):
    """f itself is recursive; an int parameter counts down."""
    if n == 0:
        return x
    return np.sin(power_tower(x, n - 1)) * x + 0.1 * n


def is_even_sum(x, n):
    if n == 0:
        return x * x
    return is_odd_sum(x * 1.1, n - 1) + np.cos(x)


def is_odd_sum(x, n):
    if n == 0:
        return np.sin(x)
    return is_even_sum(x * 0.9, n - 1) * x


def mutual(x):
    return is_even_sum(x, 5)


def tree_product(v):
    """Divide and conquer on slices whose length changes at every level."""
    n = v.shape[0]
    if n == 1:
        return v[0]
    h = n // 2
    return tree_product(v[:h]) * tree_product(v[h:])


def smooth(x, k):
    """An array result."""
    if k == 0:
        return x
    y = np.tanh(x) * 0.9 + 0.1 * x
    return smooth(y, k - 1)


def smooth_loss(x):
    return np.sum(smooth(x, 4) ** 2)


def pair(x, n):
    """A tuple result, unpacked by the caller."""
    if n == 0:
        a, b = x, 1.0
    else:
        c, d = pair(x, n - 1)
        a, b = c * x + d, c
    return a, b


def pair_loss(x):
    a, b = pair(x, 4)
    return a + 2.0 * b


def fast_power(x, n):
    """The base case in a conditional expression (was refused as "no `return` ends the recursion")."""
    return 1.0 if n == 0 else fast_power(x, n // 2) ** 2 * (x if n % 2 else 1.0)


def fast_power_loss(x):
    return fast_power(x, 5) + fast_power(x, 2)


CASES = {
    "det": (det, lambda r: (r.normal(size=(4, 4)),), 0),
    "det_loops": (det_loops, lambda r: (r.normal(size=(4, 4)),), 0),
    "uses_det": (uses_det, lambda r: (r.normal(size=(3, 3)), 0.7), (0, 1)),
    "power_tower": (power_tower, lambda r: (0.8, 4), 0),
    "mutual": (mutual, lambda r: (0.6,), 0),
    "tree_product": (tree_product, lambda r: (r.uniform(0.5, 1.5, size=7),), 0),
    "smooth": (smooth_loss, lambda r: (r.normal(size=5),), 0),
    "pair": (pair_loss, lambda r: (0.7,), 0),
    "fast_power": (fast_power_loss, lambda r: (1.3,), 0),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_recursive_gradients(name, rng):
    f, make, wrt = CASES[name]
    check_grad(f, *make(rng), wrt=wrt)


@pytest.mark.jit
@pytest.mark.parametrize("name", ["det", "mutual", "tree_product", "pair", "fast_power"])
def test_recursive_gradients_jit(name, rng):
    pytest.importorskip("numba")
    f, make, wrt = CASES[name]
    args = make(rng)
    plain = s2sad.grad(f, wrt=wrt)(*args)
    np.testing.assert_allclose(s2sad.grad(f, wrt=wrt, jit=True)(*args), plain, rtol=1e-10, atol=1e-12)
    check_grad(f, *args, wrt=wrt, jit=True)


def test_det_gradient_is_the_cofactor_matrix(rng):
    A = rng.normal(size=(5, 5))
    want = np.linalg.det(A) * np.linalg.inv(A).T
    np.testing.assert_allclose(s2sad.grad(det)(A), want, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(s2sad.grad(det_loops)(A), want, rtol=1e-9, atol=1e-12)


def test_split_functions_are_called_not_inlined(rng):
    g = s2sad.grad(uses_det, wrt=(0, 1))
    g(rng.normal(size=(3, 3)), 0.5)
    src = g.source
    assert "def det_forward(A, tape_numbers, tape_arrays2):" in src and "def det_reverse(" in src
    assert "det_forward(minor_M, tape_numbers, tape_arrays2)" in src   # the recursion, in the forward function
    assert "tapes" not in src.replace("its tapes", "").replace("tapes0", "").replace("tapes1", "")  # spread
    assert src.count("def ") == 3                          # the adjoint and det's two functions
    assert "minor(" not in src.replace("minor(A, j)", "")  # the non-recursive helper is inlined


@pytest.mark.parametrize("jit", [False, True])
def test_tuple_returned_from_two_returns(jit):
    """Every return is a pair: lowered to one name per part, the recursion splits like any other."""
    def pair2(x, n):
        if n == 0:
            return x, 1.0
        a, b = pair2(x, n - 1)
        return a * x + b, a

    def loss(x):
        a, b = pair2(x, 3)
        return a + b
    check_grad(loss, 0.5, jit=jit)
    assert s2sad.grad(loss, jit=jit)(0.5) == pytest.approx(4 * 0.5 ** 3 + 3 * 0.5 ** 2 + 6 * 0.5 + 2)  # of x**4 + x**3 + 3x**2 + 2x + 1


def test_recursion_with_ranks_that_change(rng):
    def shrink(x):
        if x.ndim == 0:
            return x
        return shrink(np.sum(x, axis=0))
    with pytest.raises(UnsupportedSyntaxError, match="rank"):
        s2sad.grad(shrink)(rng.normal(size=(2, 3)))


def test_recursion_inside_a_checkpointed_loop_is_refused(rng):
    def f(A):
        s = 0.0
        for i in range(3):
            s = s + det(A * (i + 1.0))
        return s
    with pytest.raises(UnsupportedSyntaxError, match="recursive function inside a checkpointed loop"):
        s2sad.grad(f, checkpoint=2)(rng.normal(size=(3, 3)))
    check_grad(f, rng.normal(size=(3, 3)))


WEIGHTS = np.array([0.5, -0.3, 0.8])
DAMP = 0.9


def weighted(x, n):
    if n == 0:
        return np.sum(WEIGHTS * x)
    return weighted(np.sin(x) * DAMP, n - 1)


def reads_globals(x):
    return weighted(x, 3)


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
def test_globals_read_by_split_functions_are_current(jit):
    global DAMP
    x = np.array([0.1, 0.2, 0.3])
    g = s2sad.grad(reads_globals, jit=jit)
    before = g(x)
    try:
        WEIGHTS[0], DAMP = 2.0, 0.5
        np.testing.assert_allclose(g(x), s2sad.grad(reads_globals)(x), rtol=1e-10)
        assert not np.allclose(g(x), before)
    finally:
        WEIGHTS[0], DAMP = 0.5, 0.9


def test_export_of_a_recursive_gradient(rng):
    """The standalone module holds the split functions too, and needs only NumPy."""
    from s2sad.backends.export import ExportError, export_source
    text = export_source(det, ranks=(2,))
    namespace = {}
    exec(compile(text, "<exported>", "exec"), namespace)
    A = rng.normal(size=(4, 4))
    np.testing.assert_allclose(namespace["grad_det"](A), np.linalg.det(A) * np.linalg.inv(A).T, rtol=1e-9)
    with pytest.raises(ExportError, match="without --jit"):
        export_source(det, jit=True, ranks=(2,))


@pytest.mark.parametrize("jit", [False, True])
def test_value_and_grad_and_vjp_of_recursion(jit, rng):
    """The split functions serve value_and_grad and vjp (an array result) too."""
    A = rng.normal(size=(4, 4))
    v, g = s2sad.value_and_grad(det, jit=jit)(A)
    assert v == pytest.approx(np.linalg.det(A), rel=1e-12)
    np.testing.assert_allclose(g, np.linalg.det(A) * np.linalg.inv(A).T, rtol=1e-9)
    x, dout = rng.normal(size=5), rng.normal(size=5)
    check_vjp(smooth, x, 3, dout=dout, jit=jit)


def bspline_basis(i, k, t, knots):
    """Cox-de Boor: `k` is an int used only inside index sums (`knots[i + k + 1]`)."""
    if k == 0:
        return 1.0 if knots[i] <= t < knots[i + 1] else 0.0
    left = 0.0
    right = 0.0
    if knots[i + k] != knots[i]:
        left = (t - knots[i]) / (knots[i + k] - knots[i]) * bspline_basis(i, k - 1, t, knots)
    if knots[i + k + 1] != knots[i + 1]:
        right = (knots[i + k + 1] - t) / (knots[i + k + 1] - knots[i + 1]) * bspline_basis(i + 1, k - 1, t, knots)
    return left + right


def bspline_curve(coef, t):
    knots = np.arange(len(coef) + 4, dtype=float)
    s = 0.0
    for i in range(len(coef)):
        s += coef[i] * bspline_basis(i, 3, t, knots)
    return s * s


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
def test_parameter_used_only_inside_an_index_sum_is_restored_as_an_int(jit, rng):
    """A recursive helper's parameter `k` seen only in `knots[i + k + 1]` is an int wherever the
    function runs; the reverse function popped `i + k + 1` from the tape as a float and indexed
    with it (IndexError, hunt5). With jit=True `np.arange(n, dtype=float)` must also compile."""
    coef = rng.normal(size=7)
    g = check_grad(bspline_curve, coef, 4.3, wrt=(0, 1), jit=jit)
    assert np.count_nonzero(g[0]) == 4      # a cubic B-spline has four basis functions live at t


def _simpson(fa, fm, fb, a, b):
    return (b - a) / 6.0 * (fa + 4.0 * fm + fb)


def _adaptive(w, a, b, fa, fm, fb, whole, depth):
    m = 0.5 * (a + b)
    flm = np.exp(-w * (0.5 * (a + m)) ** 2)
    frm = np.exp(-w * (0.5 * (m + b)) ** 2)
    left = _simpson(fa, flm, fm, a, m)
    right = _simpson(fm, frm, fb, m, b)
    if depth <= 0 or abs(left + right - whole) < 1e-9:    # `whole` is read by this test only
        return left + right
    return _adaptive(w, a, m, fa, flm, fm, left, depth - 1) + _adaptive(w, m, b, fm, frm, fb, right, depth - 1)


def adaptive_simpson(w):
    fa, fm, fb = 1.0, np.exp(-w), np.exp(-4.0 * w)
    return _adaptive(w, 0.0, 2.0, fa, fm, fb, _simpson(fa, fm, fb, 0.0, 2.0), 5)


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
def test_parameter_read_only_by_a_test_gets_a_zero_adjoint(jit):
    """Adaptive Simpson quadrature: the recursive helper's parameter `whole` is read only by the
    `if`, so nothing in its body differentiates it; building its reverse function raised
    `KeyError: 'b_whole3'` inside s2sad (hunt7). Its adjoint is zero, the gradient exact."""
    import autograd
    import autograd.numpy as anp

    def ref(w):
        fa, fm, fb = 1.0, anp.exp(-w), anp.exp(-4.0 * w)
        return _ref_adaptive(w, 0.0, 2.0, fa, fm, fb, _simpson(fa, fm, fb, 0.0, 2.0), 5)

    def _ref_adaptive(w, a, b, fa, fm, fb, whole, depth):
        m = 0.5 * (a + b)
        flm = anp.exp(-w * (0.5 * (a + m)) ** 2)
        frm = anp.exp(-w * (0.5 * (m + b)) ** 2)
        left, right = _simpson(fa, flm, fm, a, m), _simpson(fm, frm, fb, m, b)
        if depth <= 0 or abs(left + right - whole) < 1e-9:
            return left + right
        return _ref_adaptive(w, a, m, fa, flm, fm, left, depth - 1) + \
            _ref_adaptive(w, m, b, fm, frm, fb, right, depth - 1)

    g = check_grad(adaptive_simpson, 0.7, jit=jit)
    np.testing.assert_allclose(g, autograd.grad(ref)(0.7), rtol=1e-10)


SCALE = np.array([1.5, 0.5, -0.25])


def shrink(v, n):
    """Saves arrays and reads a global; bump saves only numbers: each hands on tapes it never reads."""
    if n == 0:
        return np.sum(v * SCALE)
    return bump(np.tanh(v) * 0.9, n - 1)


def bump(v, n):
    return shrink(v * 1.1, n) + 0.5


def test_split_functions_hand_their_tapes_over_one_by_one():
    """Not as a tuple each function unpacks (transforms/split_spread.py), also a tape a function
    only hands on, and the global it reads. (jit=True: numba cannot type this mutual recursion
    of arrays, with or without the spread; det, mutual and the globals above compile.)"""
    x = np.array([0.3, -0.2, 0.8])
    check_grad(lambda v: shrink(v, 4), x)
    g = s2sad.grad(shrink, wrt=0)
    g(x, 4)
    assert "tapes[" not in g.source and "def bump_forward(v, n, " in g.source
