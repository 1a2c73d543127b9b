"""A helper left as a call and found differentiated only once writes through shared arrays were
followed (fuzz seed 550149, objects55's campaign on main cc1cc88): the reverse pipeline refused it
(``pipeline_inline._check_unknown``), but forward mode gave the call a zero tangent, so ``jvp``
returned 0.0 where the derivative is -0.94 (p16 below, with and without jit). Both modes now
refuse at the call's line (``activity.check_helper_inlined``); written without the dict, the same
function is exact in both."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp


def through_a_dict(params, w):
    P = dict(w=np.linspace(0.5, 1.0, 5), b=0.3)
    P['w'][0] = P['w'][0] + (w @ params) ** 2
    e = np.sum(P['w'])
    b = e * e

    def add_(z_):
        nonlocal b
        b = b * 0.9 + np.sum(np.sin(z_))
    add_(e + np.zeros(5))
    return b


def through_an_array(params, w):
    u = np.linspace(0.5, 1.0, 5)
    u[0] = u[0] + (w @ params) ** 2
    e = np.sum(u)
    b = e * e

    def add_(z_):
        nonlocal b
        b = b * 0.9 + np.sum(np.sin(z_))
    add_(e + np.zeros(5))
    return b


P0, W0 = np.array([0.3, -0.8]), np.array([1.1, 0.4])


@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_refused_in_both_modes_at_the_call(mode):
    made = s2sad.grad(through_a_dict) if mode == "grad" else s2sad.jvp(through_a_dict)
    args = (P0, W0) if mode == "grad" else (P0, W0, np.array([1.0, 0.5]))
    with pytest.raises(s2sad.UnsupportedSyntaxError, match="the call to `add_`") as info:
        made(*args)
    assert "line " in str(info.value) and "add_(e + np.zeros(5))" in str(info.value)


def test_exact_without_the_dict():
    check_grad(through_an_array, P0, W0)
    check_jvp(through_an_array, P0, W0, tangent=np.array([1.0, 0.5]))
