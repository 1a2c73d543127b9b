"""A helper given a value read from memory that a differentiated value was written into through
another name (fuzz seed 550149, objects55's campaign on main cc1cc88): ``P['w'][0] = ...`` then
``e = np.sum(P['w'])`` given to a nested function writing ``nonlocal b``. The inliner's analysis
follows values, not memory, so the helper looked constant and stayed a call; the reverse pipeline
then refused it ("reaches the output only through an array written in place") and forward mode gave
it a zero tangent, silently (jvp 0.0 where the derivative is -0.94, with and without jit).
Now such a helper is inlined (``pipeline_inline._varied_through_memory``: through an item, a
copy or a view), and a helper still left as a call is refused in both modes
(``activity.check_helper_inlined``)."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp


def through_a_dict(params, w):
    P = {"w": np.linspace(0.5, 1.0, 5), "b": 0.3}
    P['w'][0] = P['w'][0] + (w @ params) ** 2
    e = np.sum(P['w'])
    b = e * e

    def add_(z_):
        nonlocal b
        b = b * 0.9 + np.sum(np.sin(z_))
    add_(e + np.zeros(5))
    return b


def through_a_view(params, w):
    u = np.linspace(0.5, 1.0, 6)
    v = u.reshape(2, 3)
    v[0, 0] = v[0, 0] + (w @ params) ** 2
    e = np.sum(u)
    b = e * e

    def add_(z_):
        nonlocal b
        b = b * 0.9 + np.sum(np.sin(z_))
    add_(e + np.zeros(5))
    return b


def through_a_list(params, w):
    u = np.linspace(0.5, 1.0, 6)
    L = [u, np.ones(2)]
    L[0][0] = L[0][0] + (w @ params) ** 2
    e = np.sum(u)
    b = e * e

    def add_(z_):
        nonlocal b
        b = b * 0.9 + np.sum(np.sin(z_))
    add_(e + np.zeros(5))
    return b


P0, W0, T = np.array([0.3, -0.8]), np.array([1.1, 0.4]), np.array([1.0, 0.5])


@pytest.mark.parametrize("f", [through_a_dict, through_a_view], ids=lambda f: f.__name__)
def test_exact_in_both_modes(f):
    check_grad(f, P0, W0)
    check_jvp(f, P0, W0, tangent=T)


def test_exact_under_jit(empty_caches):
    np.testing.assert_allclose(s2sad.jvp(through_a_dict, jit=True)(P0, W0, T),
                               s2sad.jvp(through_a_dict)(P0, W0, T), rtol=1e-12)


@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_a_write_through_a_list_item_stays_refused_in_both_modes(mode):
    made = s2sad.grad(through_a_list) if mode == "grad" else s2sad.jvp(through_a_list)
    args = (P0, W0) if mode == "grad" else (P0, W0, T)
    with pytest.raises(s2sad.S2sadError, match="shares memory with `u`") as info:
        made(*args)
    assert "line 47" in str(info.value)
