"""A helper passing its ``**kw`` / ``*args`` on (``frontend/forwarded_args.py``): ``def h(x, **kw):
return g(x, **kw)``. On the base (16df0a4) ``**kw`` was refused in the helper ("**kwargs in a
call") and ``*args`` at the inner call ("reaches an argument unpacked with `*`"); each inlined
call now passes the caller's keywords / positional arguments on by name / position. Checked
against central differences, a hand-written autograd version, jvp and jit; a helper that changes
``kw``, a keyword passed twice and ``**kw`` into a NumPy function keep a located refusal."""
import autograd.numpy as anp
import numpy as np
import pytest

import s2sad
from s2sad.errors import NoDerivativeError, UnsupportedSyntaxError
from s2sad.testing import check_grad, check_hvp, check_jvp

X = np.array([0.3, 1.2, -0.7, 2.0])
T = np.array([0.4, -0.2, 0.5, 0.1])


def model(x, scale=1.0, shift=0.0):
    return np.sum(x * scale + shift) ** 2


def model_ag(x, scale=1.0, shift=0.0):
    return anp.sum(x * scale + shift) ** 2


def via_kw(x, **kw):
    return model(x, **kw)


def via_args(x, *args):
    return model(x, *args)


def reads_and_forwards(x, **kw):
    s = kw.get("scale", 1.0)
    return model(x, **kw) * s


def two_levels(x, **kw):
    return via_kw(x * 2.0, **kw) + 1.0


def both(x, *args, **kw):
    return model(x, *args, **kw) + via_args(x, *args)


def keyword_only_first(x, *, power=2.0, **opts):
    return model(x, **opts) ** (power / 2.0)


def constant_keywords(x):
    return via_kw(x, scale=2.0, shift=1.0)


def differentiated_keywords(x):
    return via_kw(x, scale=x[0] * 2.0, shift=np.sin(x[1])) + via_kw(x)


def read_then_forwarded(x):
    return reads_and_forwards(x, scale=x[0]) + reads_and_forwards(x, shift=x[1])


def through_two_helpers(x):
    return two_levels(x, shift=x[2])


def caller_spreads_a_dict(x):
    d = {"scale": x[0], "shift": 0.5}
    return via_kw(x, **d)


def positional_forwarded(x):
    return via_args(x, x[0], 1.0)


def tuple_spread_forwarded(x):
    v = (x[0], 1.0)
    return via_args(x, *v)


def args_and_kw(x):
    return both(x, x[1], shift=x[0])


def keyword_only_and_kw(x):
    return keyword_only_first(x, power=3.0, scale=x[3])


REFERENCES = {
    constant_keywords: lambda x: model_ag(x, 2.0, 1.0),
    differentiated_keywords: lambda x: model_ag(x, x[0] * 2.0, anp.sin(x[1])) + model_ag(x),
    read_then_forwarded: lambda x: model_ag(x, scale=x[0]) * x[0] + model_ag(x, shift=x[1]),
    through_two_helpers: lambda x: model_ag(x * 2.0, shift=x[2]) + 1.0,
    caller_spreads_a_dict: lambda x: model_ag(x, x[0], 0.5),
    positional_forwarded: lambda x: model_ag(x, x[0], 1.0),
    tuple_spread_forwarded: lambda x: model_ag(x, x[0], 1.0),
    args_and_kw: lambda x: model_ag(x, x[1], shift=x[0]) + model_ag(x, x[1]),
    keyword_only_and_kw: lambda x: model_ag(x, scale=x[3]) ** 1.5,
}


@pytest.mark.parametrize("f", list(REFERENCES), ids=lambda f: f.__name__)
def test_against_differences_autograd_and_jvp(f):
    check_grad(f, X, reference=REFERENCES[f])
    check_jvp(f, X, tangent=T)


@pytest.mark.jit
@pytest.mark.parametrize("f", [differentiated_keywords, args_and_kw], ids=lambda f: f.__name__)
def test_jit_equals_python(f):
    np.testing.assert_allclose(s2sad.grad(f, jit=True)(X), s2sad.grad(f)(X), rtol=1e-12, atol=1e-14)


def changes_kw(x, **kw):
    kw["scale"] = 3.0
    return model(x, **kw)


def kw_changed_before_passed_on(x):
    return changes_kw(x, scale=x[0])


def passes_scale_too(x, **kw):
    return model(x, scale=2.0, **kw)


def keyword_passed_twice(x):     # Python: TypeError (multiple values for 'scale')
    return passes_scale_too(x, scale=x[0])


@pytest.mark.parametrize("f", [kw_changed_before_passed_on, keyword_passed_twice], ids=lambda f: f.__name__)
@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_what_cannot_be_passed_on_is_refused_at_the_call(f, mode):
    with pytest.raises(UnsupportedSyntaxError, match=r"(?s)test_forwarded_args58.py\", line \d+.*return "):
        s2sad.grad(f)(X) if mode == "grad" else s2sad.jvp(f)(X, T)


def into_numpy(x, **kw):
    return np.sum(x ** 2, **kw)


def kw_into_a_numpy_function(x):
    return into_numpy(x, axis=0)


def clipped(x, *args):
    return np.sum(np.clip(x, *args))


def args_into_a_numpy_function(x):
    return clipped(x, -0.5, x[1])


@pytest.mark.parametrize("f", [kw_into_a_numpy_function, args_into_a_numpy_function], ids=lambda f: f.__name__)
def test_spread_into_numpy_keeps_its_refusal(f):
    with pytest.raises((UnsupportedSyntaxError, NoDerivativeError), match=r"test_forwarded_args58.py\", line \d+"):
        s2sad.grad(f)(X)


@pytest.mark.parametrize("f", [differentiated_keywords, args_and_kw], ids=lambda f: f.__name__)
def test_hvp(f):
    check_hvp(f, X, v=T)


class Scaled:
    def __init__(self, w):
        self.w = w

    def value(self, x, **kw):
        return model(x * self.w, **kw)

    def spread(self, x, *args):
        return model(x, *args)


SCALED = Scaled(2.0)


def through_a_method(x):
    return SCALED.value(x, scale=x[0]) + SCALED.spread(x, x[1], 0.5)


def through_a_local_helper(x):
    def inner(v, **kw):
        return model(v, **kw)
    return inner(x, shift=x[1])


def _terms(x, **kw):
    for v in x:
        yield model(np.array([v]), **kw)


def through_a_generator(x):
    return sum(_terms(x, scale=x[0]))


MORE = {
    through_a_method: lambda x: model_ag(x * 2.0, scale=x[0]) + model_ag(x, x[1], 0.5),
    through_a_local_helper: lambda x: model_ag(x, shift=x[1]),
    through_a_generator: lambda x: anp.sum((x * x[0]) ** 2),
}


@pytest.mark.parametrize("f", list(MORE), ids=lambda f: f.__name__)
def test_methods_local_helpers_and_generators(f):
    check_grad(f, X, reference=MORE[f])
    check_jvp(f, X, tangent=T)
