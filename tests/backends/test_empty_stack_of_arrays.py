"""A user's list made empty (``st = []``) and given arrays, under jit (stop 42).

numba could not type it (a copy or a call typed it before its first append), s2sad retried it
as a list of floats, and refused a stack of arrays at its line. The list is now typed from its
first append in program order, as numba reads it (``np.empty((0,) * ndim)``, layout kept):
exact in grad and jvp (hvp under jit: a located JitError, below); numba checks every other
append against that type, so an array of another rank is a JitError located at its append."""
import numpy as np
import pytest

import s2sad
from s2sad.backends.errors import JitError
from s2sad.testing import check_grad, check_hvp, check_jvp

X = np.array([0.1, 0.2, 0.3, 0.4])
T = np.array([1.0, -0.5, 2.0, 0.3])


def rpn_of_arrays(x):
    st = []
    for tok in range(3):
        if tok < 2:
            st.append(x * (tok + 1.0))
        else:
            b = st.pop()
            a = st.pop()
            st.append(a * b)
    return np.sum(st[0])


def rpn_of_matrices(x):
    st = []
    m = np.outer(x, x[:2])
    for tok in range(4):
        if tok < 2:
            st.append(np.sin(m) * (tok + 1.0))
        elif tok == 2:
            b = st.pop()
            a = st.pop()
            st.append(a * b + 0.5)
        else:
            st.append(st[-1] ** 2)
    return np.sum(st[-1]) + np.sum(st[0])


def rpn_of_strided(x):
    st = []
    for tok in range(3):
        if tok < 2:
            st.append(x[::2] * (tok + 2.0))
        else:
            b = st.pop()
            a = st.pop()
            st.append(np.tanh(a) * b)
    return np.sum(st[0] ** 2)


def rpn_of_mixed_ranks(x):
    st = []
    k = 0
    while k < 3:
        if k == 2:
            top = st.pop()
            below = st.pop()
            st.append(np.outer(below, top))
        else:
            st.append(x * (k + 1.0))
        k += 1
    return np.sum(st[0])


@pytest.mark.parametrize("f", [rpn_of_arrays, rpn_of_matrices, rpn_of_strided], ids=lambda f: f.__name__)
@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_an_empty_stack_of_arrays_compiles_and_is_exact(mode, f):
    """One compiled mode a case: jvp cases that compile nothing the grad cases do not are in the
    jit tier (tests/jit_tier.py, WHY51)."""
    if mode == "jvp":
        check_jvp(f, X, tangent=T, jit=True)
        return
    check_grad(f, X, jit=True)
    assert np.allclose(s2sad.grad(f, jit=True)(X), s2sad.grad(f)(X), rtol=1e-12, atol=0)
    check_hvp(f, X, v=T)


def test_hvp_of_a_stack_of_arrays_under_jit_is_exact():
    """(hvp's pop of a list read `np.asarray(st[:k])`, which numba has for numbers only: a located
    JitError until stop 44, where a list kept for the reverse sweep became a list of copies,
    `snapshot`, in every place a copy is kept)"""
    got = s2sad.hvp(rpn_of_arrays, jit=True)(X, T)
    g, h = s2sad.grad(rpn_of_arrays), 1e-5
    assert np.allclose(got, (g(X + h * T) - g(X - h * T)) / (2 * h), rtol=1e-6, atol=1e-8)
    assert np.allclose(got, s2sad.hvp(rpn_of_arrays)(X, T), rtol=1e-12, atol=1e-12)


def test_an_array_of_another_rank_is_refused_at_its_append():
    with pytest.raises(JitError, match=r"(?s)line 65.*st.append\(np.outer\(below, top\)\).*list\(array\(float64, 1d"):
        s2sad.grad(rpn_of_mixed_ranks, jit=True)(X)
    check_grad(rpn_of_mixed_ranks, X)      # (exact without jit)
