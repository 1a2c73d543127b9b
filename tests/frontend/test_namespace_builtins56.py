"""frontend/check.py: ``globals()``, ``locals()``, ``vars()``, ``dir()``, ``eval`` and ``exec``
read the namespace of the code that runs them, and the derivative runs in code s2sad generates,
with its own module globals and its own locals (hunt56b, issue 8 class 4). On main
``np.sum(x ** 2) * ("LAM" in globals())`` got a zero gradient ([0, 0, 0] for [1.4, -0.8, 2.6]),
``np.sum(x ** 2) * len(locals())`` counted s2sad's temporaries ([4.2, -2.4, 7.8] for
[2.8, -1.6, 5.2]), silently, in grad and jvp; ``globals()["LAM"]``, ``locals()["a"]`` and
``eval("LAM")`` failed inside the generated code with "s2sad has a bug". Each is now refused at the
user's line; ``vars(obj)`` and ``dir(obj)`` of an object, and a local or global of the user's
named ``globals``, stay differentiated."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp

LAM = 3.0
X = np.array([0.7, -0.4, 1.3])


def membership_in_globals(x):
    return np.sum(x ** 2) * ("LAM" in globals())


def count_of_locals(x):
    s = 2.0
    return np.sum(x ** 2) * s * len(locals())


def item_of_globals(x):
    return np.sum(x ** 2) * globals()["LAM"]


def item_of_locals(x):
    a = 2.0
    return np.sum(x ** 2) * locals()["a"]


def evaluated(x):
    return np.sum(x ** 2) * eval("LAM")


def _scaled(v):
    return v * vars().get("k", 2.0)


def through_helper(x):
    return np.sum(_scaled(x) ** 2)


REFUSED = [membership_in_globals, count_of_locals, item_of_globals, item_of_locals, evaluated,
           through_helper]


@pytest.mark.parametrize("f", REFUSED, ids=lambda f: f.__name__)
@pytest.mark.parametrize("api", ["grad", "jvp"])
def test_namespace_reads_refused_at_the_line(f, api):
    with pytest.raises(s2sad.UnsupportedSyntaxError) as e:
        if api == "grad":
            s2sad.grad(f)(X)
        else:
            s2sad.jvp(f)(X, np.ones(3))
    msg = str(e.value)
    assert __file__ in msg and "line" in msg and "reads the namespace" in msg


class Obj:
    def __init__(self):
        self.a = 2.0
        self.b = 1.0


OBJ = Obj()


def vars_of_an_object(x):
    return np.sum(x ** 2) * vars(OBJ)["a"] + np.sum(x) * len(dir(OBJ)) * 0.01


def user_name_globals(x):
    globals = 2.0          # a local that shadows the builtin
    return np.sum(x ** 2) * globals


@pytest.mark.parametrize("f", [vars_of_an_object, user_name_globals], ids=lambda f: f.__name__)
def test_object_namespaces_still_differentiated(f):
    check_grad(f, X)
    check_jvp(f, X, tangent=np.array([0.3, -1.0, 0.5]))
