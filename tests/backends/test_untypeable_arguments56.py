"""backends/fastcall.py: a ``jit=True`` gradient is numba's C dispatcher, which types each argument
before anything of s2sad runs. For a value numba cannot type at all, an empty list (``ks=[]``
where ``ks`` is a list of coefficients), it raised numba's own ``ValueError: cannot compute
fingerprint of empty list`` at the user's call (hunt56b, issue 8 class 6: an internal exception),
also after the same gradient had run with ``[1.0]``. The dispatcher is now made with
``can_fallback``, so such a call takes the checking path like any unseen argument type: the
gradient refuses with a ``JitError`` naming the argument and advising ``jit=False`` (as numba has
no type for the empty list), which computes it."""
import numpy as np
import pytest

import s2sad

X = np.array([0.7, -0.4, 1.3])


def weighted(x, ks):
    s = 0.0
    for k in ks:
        s = s + k * np.sum(x ** 2)
    return s


@pytest.mark.parametrize("first", [None, [1.0, 2.0]])
def test_empty_list_argument_is_a_located_refusal(first):
    g = s2sad.grad(weighted, jit=True)
    if first is not None:
        np.testing.assert_allclose(g(X, first), 6 * X, rtol=1e-12)
    with pytest.raises(s2sad.JitError, match="`ks`"):
        g(X, [])
    np.testing.assert_allclose(s2sad.grad(weighted)(X, []), 0 * X)
    if first is not None:
        np.testing.assert_allclose(g(X, first), 6 * X, rtol=1e-12)     # the learned path is unchanged
