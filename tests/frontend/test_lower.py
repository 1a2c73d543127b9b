"""Lowering of loops to ``for ... in range(...)`` (frontend/lower.py): what ``range``'s
arguments are is fixed when the loop starts, as Python fixes it, whatever the body rebinds."""
import itertools

import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad


def bound_decremented_in_the_body(x):
    n = len(x)
    s = 0.0
    for i in range(n):
        n = n - 1
        s += x[i] * n
    return s


def inner_bound_rebound_by_the_inner_body(x):
    m = 3
    s = 0.0
    for i in range(m):
        for j in range(m):
            m = 2
            s += x[i] * x[j]
    return s


def bound_rebound_in_a_reversed_range(x):
    n = len(x)
    s = 0.0
    for i in reversed(range(n)):
        n = n - 2
        s = s * 0.5 + x[i] * n
    return s


def start_and_step_rebound(x):
    s = 0.0
    st = 2
    lo = 0
    for i in range(lo, len(x), st):
        lo = 3
        st = 1
        s += x[i] * (i + lo + st)
    return s


def bound_rebound_in_a_helper(x):
    def inner(v, m):
        t = 0.0
        for j in range(m):
            m = m - 1
            t += v[j] * m
        return t
    return inner(x, 4) + inner(x * 2, 3)


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
@pytest.mark.parametrize("f", [bound_decremented_in_the_body, inner_bound_rebound_by_the_inner_body,
                               bound_rebound_in_a_reversed_range, start_and_step_rebound,
                               bound_rebound_in_a_helper])
def test_range_bound_the_body_rebinds_is_read_once(f, jit):
    """`for i in range(n): n = n - 1` runs len(x) times; the reverse sweep counted its trips
    with the final `n` and gave a zero gradient (hunt5)."""
    x = np.array([0.3, -0.7, 1.1, 0.5, 0.9])
    g = check_grad(f, x, jit=jit)
    if f is bound_decremented_in_the_body:
        np.testing.assert_allclose(g, [4.0, 3.0, 2.0, 1.0, 0.0])


def loop_over_ndindex(A):
    s = 0.0
    for idx in np.ndindex(A.shape):
        s += A[idx] ** 2 * (idx[0] + 1)
    return s


def loop_over_itertools_product(A):
    s = 0.0
    for i, j in itertools.product(range(A.shape[0]), range(A.shape[1])):
        s += np.sin(A[i, j]) * (j + 1)
    return s


def _pairs(n):
    for i in range(n):
        for j in range(i + 1, n):
            yield i, j


def loop_over_a_generator_helper(A):
    x = A.ravel()
    s = 0.0
    for i, j in _pairs(len(x)):
        s += (x[i] - x[j]) ** 2
    return s


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
@pytest.mark.parametrize("f", [loop_over_ndindex, loop_over_itertools_product, loop_over_a_generator_helper])
def test_loop_over_an_iterator_with_no_len(f, jit):
    """`for idx in np.ndindex(...)`, `itertools.product(...)` or a generator function: the loop was
    lowered to `for k in range(len(seq)): idx = seq[k]` and the gradient raised `TypeError: object
    of type 'ndindex' has no len()` inside s2sad (hunt7); such a call is now iterated as `list(...)`
    (`itertools.product` as a counted loop since stop 58, which compiles under jit too)."""
    A = np.array([[0.3, -0.7, 1.1], [0.5, 0.9, -0.2]])
    g = check_grad(f, A, jit=jit)
    import autograd
    import autograd.numpy as anp
    ref = {loop_over_ndindex: lambda A: sum(A[i, j] ** 2 * (i + 1) for i, j in np.ndindex(A.shape)),
           loop_over_itertools_product: lambda A: sum(anp.sin(A[i, j]) * (j + 1)
                                                      for i, j in np.ndindex(A.shape)),
           loop_over_a_generator_helper: lambda A: sum((A.ravel()[i] - A.ravel()[j]) ** 2
                                                       for i, j in _pairs(A.size))}[f]
    np.testing.assert_allclose(g, autograd.grad(ref)(A), rtol=1e-10)


def zip_of_a_starred_display(x, y):
    s = 0.0
    for a, b in zip(*[x, y * 2.0]):
        s = s + a * b
    return s


def zip_of_a_starred_name(x, y):
    s = 0.0
    pairs = [x, y]
    for a, b in zip(*pairs):
        s = s + a * b
    return s


def zip_of_an_appended_list(x, y):
    s = 0.0
    pairs = []
    pairs.append(x)
    pairs.append(y)
    for a, b in zip(*pairs):
        s = s + a * b
    return s


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
def test_zip_of_starred_arguments(jit):
    """``zip(*[x, y])`` is ``zip(x, y)``, ``zip(*pairs)`` of a list of known length ``zip(pairs[0],
    pairs[1])`` (frontend/starred_calls.py, stop 50); of a list grown by appends it was refused at its
    line until stop 54, which loops over ``pairs[0][k], pairs[1][k]`` (frontend/lower_loops.rows_zip,
    tests/frontend/test_rows_zip54.py)."""
    x, y = np.array([0.3, -0.7, 1.1]), np.array([0.5, 0.9, -0.2])
    for f in (zip_of_a_starred_display, zip_of_a_starred_name, zip_of_an_appended_list):
        gx, gy = check_grad(f, x, y, wrt=(0, 1), jit=jit)
        np.testing.assert_allclose(gx, (2.0 if f is zip_of_a_starred_display else 1.0) * y)
        np.testing.assert_allclose(gy, 2.0 * x if f is zip_of_a_starred_display else x)


def nested_loop_target(x, W):
    pairs = [(x[0], (x[1], x[2])), (x[2], (x[0], x[1]))]
    s = 0.0
    for a, (b, c) in pairs:
        s += a * b - c ** 2
    for k, (row, (u, v)) in enumerate(zip(W, zip(x, x[::-1]))):
        s += k * np.sum(row) * u - v
    return s


def test_a_nested_loop_target_unpacks_the_item_then_its_parts():
    """`for a, (b, c) in pairs` over a list was refused ("this loop target"): only a flat tuple
    of names, or nesting that zip/enumerate spell out, was bound (hunt9,
    /work/scratch/user/fns72.py nested_tuple_unpack)."""
    import autograd.numpy as anp

    def reference(x, W):
        s = x[0] * x[1] - x[2] ** 2 + x[2] * x[0] - x[1] ** 2
        for k in range(len(W)):
            s = s + k * anp.sum(W[k]) * x[k] - x[len(x) - 1 - k]
        return s
    x, W = np.array([0.3, -0.8, 1.1]), np.array([[0.5, 1.5], [-0.3, 0.7], [2.0, 0.1]])
    check_grad(nested_loop_target, x, W, wrt=(0, 1), reference=reference)


def dot_of_strict_zip(x, y):
    t = 0.0
    for a, b in zip(x, y, strict=True):
        t += a * b * a
    return t


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
def test_zip_strict_is_lowered_with_pythons_length_check(jit):
    """`zip(xs, ys, strict=True)` was refused ("loop over it where it is written", which it was):
    now lowered like zip, with the ValueError Python raises when the lengths differ."""
    x, y = np.array([1.0, 2.0, -3.0]), np.array([0.5, -1.0, 2.0])
    check_grad(dot_of_strict_zip, x, y, wrt=(0, 1), jit=jit)
    with pytest.raises(ValueError, match=r"zip\(\) argument 2 is shorter than argument 1"):   # Python's own
        s2sad.grad(dot_of_strict_zip, jit=jit)(x, y[:2])


def loop_over_a_stored_dict_view(x):
    d = {"a": x[0]}
    vals = d.values()
    d["b"] = x[1] * 2.0        # a view sees the entry added after it was made
    return sum(v * v for v in vals)


def test_a_stored_dict_view_is_refused_located():
    """Before: s2sad read the view when it was made (0.09 where Python gives 0.25), silently."""
    with pytest.raises(s2sad.UnsupportedSyntaxError) as info:
        s2sad.grad(loop_over_a_stored_dict_view)(np.array([0.3, -0.2]))
    assert "test_lower.py" in str(info.value) and "list(d.values(...))" in str(info.value)
