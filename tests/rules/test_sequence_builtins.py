"""Python's ``max``/``min``/``sorted`` of one sequence (a list variable, a 1-d array, a list
comprehension or a generator): ``rules/runtime_sequences.py``, their rules in
``grads_reductions.py``/``tangents_reductions.py``, numba versions in
``backends/numba_helpers/numba_rules_sequences.py``. Before: "no derivative rule for `max`" (17 of the 48
call refusals of fuzz campaign 3100000, all ``max([abs(e) for e in w])``) and for ``sorted``.
Each is checked against central differences, autograd (which runs the builtin on its boxes),
jvp against the gradient, hvp against differences of the gradient, and jit against Python."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_hvp, check_jvp

JIT = [False, pytest.param(True, marks=pytest.mark.jit)]


def max_of_comprehension(w):
    return max([abs(e) for e in w]) * w[0]


def min_of_generator(w):
    return min(e * e - w[0] for e in w) + w[1]


def max_of_array(w):
    return max(w * 2.0) ** 2


def min_of_array(w):
    return min(np.sin(w)) * w[2]


def max_min_of_list_variable(w):
    xs = []
    for i in range(len(w)):
        xs.append(w[i] * (i + 1.0))
    return max(xs) * min(xs)


def sorted_list(w):
    s = sorted([w[0] * 2.0, w[1], w[2] * w[2]])
    return s[0] * 1.0 + s[1] * 2.0 + s[2] * 3.0


def sorted_array(w):
    s = sorted(np.tanh(w))
    return np.sum(np.array(s) * np.array([1.0, -2.0, 3.0])) + s[2] * s[0]


def sorted_then_updated(w):
    acc = max([abs(e) for e in w])
    acc += w[0] * 2.0
    s = sorted(w)
    s[0] += 1.0
    return acc * s[0]


FUNCS = [max_of_comprehension, min_of_generator, max_of_array, min_of_array, max_min_of_list_variable,
         sorted_list, sorted_array, sorted_then_updated]
POINTS = [np.array([0.3, -1.2, 0.7]), np.array([-0.4, 0.25, 1.3])]


@pytest.mark.parametrize("f", FUNCS)
@pytest.mark.parametrize("w", POINTS)
@pytest.mark.parametrize("jit", JIT)
def test_sequence_builtins(f, w, jit):
    grad = check_grad(f, w, jit=jit, reference="autograd")
    check_jvp(f, w, tangent=np.array([1.0, 0.5, -0.3]), jit=jit)
    check_hvp(f, w, v=np.array([0.2, -0.7, 0.4]), jit=jit)
    if jit:
        np.testing.assert_allclose(grad, s2sad.grad(f)(w), rtol=1e-12, atol=1e-14)
        value, tangent = s2sad.jvp(f, jit=True)(w, np.ones(3))
        np.testing.assert_allclose((value, tangent), s2sad.jvp(f)(w, np.ones(3)), rtol=1e-12, atol=1e-14)


def max_of_ties(w):
    return max([w[0], w[1], w[0]]) + min(w)


@pytest.mark.parametrize("jit", JIT)
def test_adjoint_goes_to_the_item_python_returns(jit):
    # CPython keeps the first best item: of equal values, the first one gets the adjoint
    g = s2sad.grad(max_of_ties, jit=jit)(np.array([0.5, 0.5, 0.5]))
    np.testing.assert_array_equal(g, [2.0, 0.0, 0.0])


def max_of_arrays_updated(a):
    xs = [a[0:1] * 1.0, a[1:2] * 2.0]
    m = max(xs)
    m += a[2:3]           # m is xs[1] itself: xs changes
    return np.sum(xs[0] * xs[1])


def test_item_returned_itself_is_an_alias():
    with pytest.raises(s2sad.UnsupportedSyntaxError, match=r"(?s)line 90.*`m op= \.\.\.` while `xs` may share"):
        s2sad.grad(max_of_arrays_updated)(np.array([0.3, 0.9, 0.5]))


def max_with_key(w):      # max(..., key=F) alone is the loop CPython runs (tests/frontend/test_functional_keys.py)
    return max([w[0], w[1]], key=abs, default=0.0)


def sorted_reversed(w):
    return sorted(w, reverse=bool(w[0] > 0))[0]     # (a constant reverse= is lifted: test_functional_reverse.py)


def test_keywords_keep_the_refusal():
    with pytest.raises(s2sad.NoDerivativeError, match="rule for `max` does not take the keyword `key=`"):
        s2sad.grad(max_with_key)(np.array([0.3, -0.9]))
    with pytest.raises(s2sad.NoDerivativeError, match="no derivative rule for `sorted`"):
        s2sad.grad(sorted_reversed)(np.array([0.3, -0.9]))


def max_of_range(w, n):
    ks = [n, 3]
    return w * max(range(n)) + min(ks)


@pytest.mark.parametrize("jit", JIT)
def test_not_differentiated_sequences_compute_as_python(jit):
    assert s2sad.value_and_grad(max_of_range, jit=jit)(0.5, 4) == (4.5, 3.0)
