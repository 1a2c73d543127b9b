"""``match`` on a tuple or list display with sequence patterns (``frontend/match_displays.py``).
On the base (16df0a4) every form here was refused ("a `match` statement with sequence, mapping or
class patterns"); the subject's elements are now tested one by one. Each form: gradient against
central differences and a hand-written autograd version, jvp, jit on a sample; a capture bound
before a guard that fails stays bound (as in Python); the forms still not written out keep the
located refusal."""
import autograd.numpy as anp
import numpy as np
import pytest

import s2sad
from s2sad.errors import UnsupportedSyntaxError
from s2sad.testing import check_grad, check_hvp, check_jvp

X = np.array([0.3, 1.2, -0.7, 2.0])
T = np.array([0.4, -0.2, 0.5, 0.1])


def guard_on_a_wildcard_case(x):
    a, b = 0, 1
    s = np.sum(x)
    match (a, b):
        case (0, _) if s > 1:
            return s * 2
        case _:
            return s


def captures_and_guards(x):
    s = np.sum(x ** 2)
    match (int(s > 3), x[0]):
        case (1, v) if v > 0:
            y = v * s
        case (1, v):
            y = v - s
        case (0, w):
            y = w * w
    return y


def capture_kept_when_the_guard_fails(x):
    n = 0.0
    match (0, x[1]):
        case (0, n) if n > 5:       # matches, binds n = x[1], the guard fails: n stays x[1]
            r = 1.0
        case _:
            r = 2.0
    return n * x[0] + r * x[2]


def star_in_a_list_display(x):
    match [x[0], x[1], x[2], x[3]]:
        case [a, *rest, d]:
            return a * d + sum(rest) ** 2


def alternatives_and_lengths(x):
    k = 2
    match (k, x[0]):
        case (1, a) | (3, a):
            y = a
        case (2, a, b):             # another length: never matches
            y = a * b
        case (2, a) as whole:
            y = a * whole[1]
        case _:
            y = 0.0
    return y * x[1]


def guard_returns_from_a_loop(x):
    out = 0.0
    for i in range(len(x)):
        match (i, x[i]):
            case (0, v) if v > 0:
                out = out + v * v
            case (j, v) if j == 3:
                return out * v
            case (_, v):
                out = out + np.sin(v)
    return out


REFERENCES = {
    guard_on_a_wildcard_case: lambda x: anp.sum(x) * 2,
    captures_and_guards: lambda x: x[0] * anp.sum(x ** 2),
    capture_kept_when_the_guard_fails: lambda x: x[1] * x[0] + 2.0 * x[2],
    star_in_a_list_display: lambda x: x[0] * x[3] + (x[1] + x[2]) ** 2,
    alternatives_and_lengths: lambda x: x[0] * x[0] * x[1],
    guard_returns_from_a_loop: lambda x: (x[0] ** 2 + anp.sin(x[1]) + anp.sin(x[2])) * x[3],
}


@pytest.mark.parametrize("f", list(REFERENCES), ids=lambda f: f.__name__)
def test_against_differences_autograd_and_jvp(f):
    check_grad(f, X, reference=REFERENCES[f])
    check_jvp(f, X, tangent=T)


def test_other_branches():
    """The cases the sample X does not reach."""
    for x in (np.array([-0.3, 0.1, 0.2, 0.1]), np.array([-1.5, 2.0, 0.2, 0.1]), np.array([0.4, 7.0, 0.2, -1.0])):
        for f in (captures_and_guards, capture_kept_when_the_guard_fails, guard_returns_from_a_loop):
            check_grad(f, x)


@pytest.mark.jit
@pytest.mark.parametrize("f", [captures_and_guards, capture_kept_when_the_guard_fails], ids=lambda f: f.__name__)
def test_jit_equals_python(f):
    np.testing.assert_allclose(s2sad.grad(f, jit=True)(X), s2sad.grad(f)(X), rtol=1e-12, atol=1e-14)


def nested_sequence(x):
    match (x[0], (x[1], x[2])):
        case (a, (b, c)):           # the inner item a tuple display too: tested element by element
            return a * b * c
    return 0.0


def subject_in_a_name(x):
    pair = (x[0], x[1])
    match pair:
        case (a, b):
            return a * b
    return 0.0


def starred_subject(x):
    match (*x,):
        case (a, *_):
            return a * 2.0
    return 0.0


def alternatives_bind_other_items(x):
    match (x[0], x[1]):
        case (1.0, a) | (a, 2.0):
            return a
    return x[2]


@pytest.mark.parametrize("f", [nested_sequence, subject_in_a_name], ids=lambda f: f.__name__)
def test_nested_and_held_subjects_lifted59(f):
    """Refused in stop 58; lifted by lift59 (match_displays: nested displays, a name bound once to a
    tuple display): checked against differences in both modes."""
    check_grad(f, X)
    check_jvp(f, X, tangent=T)


@pytest.mark.parametrize("f", [starred_subject, alternatives_bind_other_items], ids=lambda f: f.__name__)
@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_other_forms_stay_refused_located(f, mode):
    with pytest.raises(UnsupportedSyntaxError, match=r"(?s)test_match_displays58.py\", line \d+.*`match`"):
        s2sad.grad(f)(X) if mode == "grad" else s2sad.jvp(f)(X, T)


@pytest.mark.parametrize("f", [captures_and_guards, star_in_a_list_display], ids=lambda f: f.__name__)
def test_hvp(f):
    check_hvp(f, X, v=T)
