"""A class defined inside the function that ``local_classes`` does not take is refused at the
``class`` statement with the reason (stop 59; before, the refusal named one of its methods, `__init__`
or a static method, as a nested function "defined twice, or decorated"). The forms it takes still
differentiate (checked against differences)."""
import numpy as np
import pytest

import s2sad
from s2sad.errors import UnsupportedSyntaxError
from s2sad.testing import check_grad


def static_method(x):
    class H:
        @staticmethod
        def f(v):
            return v * v
    return np.sum(H.f(x))


def inside_if(x, flag):
    if flag:
        class H:
            def __init__(self, k):
                self.k = k

            def f(self, v):
                return self.k * v
    else:
        class H:
            def __init__(self, k):
                self.k = k

            def f(self, v):
                return self.k * v * v
    return np.sum(H(2.0).f(x))


def reads_a_local(x):
    k = 3.0

    class H:
        def __init__(self, v):
            self.v = v * k
    return np.sum(H(x).v)


def taken(x):
    class H:
        def __init__(self, v):
            self.v = v * 3.0
    return np.sum(H(x).v ** 2)


X = np.array([0.3, -0.7, 1.1])


@pytest.mark.parametrize("f, args, why", [
    (static_method, (), r"`H` is rebound or read other than by a call"),
    (inside_if, (True,), r"inside an `if`, a loop"),
    (reads_a_local, (), r"reads a local, parameter or closure variable")])
def test_refused_at_the_class_with_the_reason(f, args, why):
    with pytest.raises(UnsupportedSyntaxError, match=why) as e:
        s2sad.grad(f)(X, *args)
    text = str(e.value)
    assert "class H:" in text.splitlines()[1] and "the class definition `H` inside the function" in text
    assert "nested function" not in text


def test_a_class_taken_still_differentiates():
    check_grad(taken, X)
