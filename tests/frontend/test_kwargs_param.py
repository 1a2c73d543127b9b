"""frontend/kwargs_param.py: a helper ``def h(x, **kw)`` called with keywords (or with ``**opts``
of a dict the function builds) gets ``kw``, the dict of the keywords no named parameter takes, as
Python builds it; what is not a helper's ``**kw`` keeps its located refusal."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp


def model(t, **kw):
    return kw["amp"] * np.exp(-kw.get("decay", 1.0) * t) + kw.get("offset", 0.0)


def scaled(y, scale=1.0, **extra):
    total = y * scale
    for name, v in extra.items():
        total = total + v * len(name)
    return total


def with_keywords(x):
    a = np.sum(model(x, amp=x[0], decay=2.0))
    b = np.sum(model(x, offset=x[1] ** 2, amp=3.0))          # decay's default
    opts = {"amp": x[2], "decay": x[0] * x[1]}
    c = np.sum(model(x, **opts))
    return a + b * c


def named_and_extra(x):
    return np.sum(scaled(x, scale=x[0], ab=x[1], abc=np.sin(x))) + np.sum(scaled(x))


def nested(x):
    k = x[2] * 3.0

    def term(z, **kw):
        return z * k + kw.get("bias", 0.0) * kw["w"]
    out = 0.0
    for i in range(len(x)):
        out = out + term(x[i], w=float(i), bias=x[0])
    return out + term(x[1], w=x[2])


X = np.array([0.7, -1.3, 0.4])
CASES = [with_keywords, named_and_extra, nested]


@pytest.mark.parametrize("f", CASES)
def test_value_is_python_s(f):
    assert s2sad.value_and_grad(f)(X)[0] == pytest.approx(f(X))


@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
@pytest.mark.parametrize("f", CASES)
def test_gradient(f, jit):
    """Refused before (*args, **kwargs parameters)."""
    check_grad(f, X, jit=jit, reference=None if jit else "autograd")


@pytest.mark.parametrize("f", CASES)
def test_forward_mode(f):
    check_jvp(f, X, tangent=np.array([1.0, -2.0, 0.5]))


def differentiated(x, **kw):
    return np.sum(x * kw.get("s", 1.0))


def _star_args(*xs, **kw):
    return xs[0] * kw["s"]


def star_args(x):
    return np.sum(_star_args(x, s=2.0))


def _forwards(x, **kw):
    return model(x, **kw)


def forwarded(x):
    return np.sum(_forwards(x, amp=x[0]))


def test_the_differentiated_function_s_kw_is_its_dict_of_extra_keywords():
    """Refused before stop 48 (tests/api/test_args48.py): ``**kw`` of the function differentiated
    holds the call's extra keywords, not differentiated unless selected by name."""
    check_grad(differentiated, X, reference="autograd")
    np.testing.assert_allclose(s2sad.grad(differentiated)(X, s=3.0), np.full(3, 3.0))


def test_a_helper_s_star_args_is_the_tuple_of_its_extra_arguments():
    """Refused before stop 48: ``_star_args(*xs, **kw)`` called ``_star_args(x, s=2.0)`` binds
    ``xs = (x,)`` (``kwargs_param.keywords_as_dict``, ``transforms/inline.bind_params``)."""
    check_grad(star_args, X, reference="autograd")
    np.testing.assert_allclose(s2sad.grad(star_args)(X), np.full(3, 2.0))


def test_a_helper_s_kw_passed_on_is_exact():
    """Refused ("**kwargs in a call") until stop 58 (frontend/forwarded_args.py)."""
    check_grad(forwarded, X)
    check_jvp(forwarded, X, tangent=np.array([1.0, -2.0, 0.5]))


def _forwards_to_numpy(x, **kw):
    return np.sum(x * x, **kw)


def forwarded_to_numpy(x):
    return np.sum(_forwards_to_numpy(x, axis=0))


@pytest.mark.parametrize("f", [forwarded_to_numpy])
def test_what_is_not_a_helper_s_kw_keeps_its_refusal(f):
    f(X)
    with pytest.raises(s2sad.S2sadError, match=r"\*\*kwargs"):
        s2sad.grad(f)(X)
