"""A differentiated record (dataclass or namedtuple) or tuple holding an integer index array, used
as an index: s2sad differentiates the record's integers as floats (as a plain integer argument),
and the function then fails on the floats. grad (jit=False) and jvp let NumPy's IndexError ('arrays
used as indices must be of integer (or boolean) type') reach the user, raised on values the caller
never passed (grad with jit=True refused it already, naming `p__idx`). Now an ArgumentError at the
user's line naming the argument, as for a plain integer argument (integer_args); a function that
fails on the caller's own values keeps its own error."""
import dataclasses
from typing import NamedTuple

import numpy as np
import pytest

import s2sad
from s2sad.errors import ArgumentError


@dataclasses.dataclass
class R:
    w: np.ndarray
    idx: np.ndarray


class N(NamedTuple):
    w: np.ndarray
    idx: np.ndarray


X = np.array([0.3, -0.7, 1.1])


def picked(p, x):
    return np.sum(p.w[p.idx] * x[p.idx])


def picked_tuple(t, x):
    w, idx = t
    return np.sum(w[idx] * x[idx])


def own_error(p, x):
    return np.sum(p.w[p.idx + 10] * x)      # out of range on the caller's integers too


def _record(kind):
    return kind(X.copy(), np.array([0, 2])) if kind is not tuple else (X.copy(), np.array([0, 2]))


CALLS = {"grad": lambda f, p: s2sad.grad(f)(p, X.copy()),
         "value_and_grad": lambda f, p: s2sad.value_and_grad(f)(p, X.copy())}


@pytest.mark.parametrize("mode", sorted(CALLS))
@pytest.mark.parametrize("kind", [R, N, tuple], ids=["dataclass", "namedtuple", "tuple"])
def test_grad_refuses_at_the_line(kind, mode):
    f = picked_tuple if kind is tuple else picked
    p = _record(kind)
    with pytest.raises(ArgumentError, match="holds integers") as info:
        CALLS[mode](f, p)
    assert "test_record_integer_fields59.py" in str(info.value) and "IndexError" in str(info.value)
    np.testing.assert_array_equal(p[1] if kind is tuple else p.idx, [0, 2])     # the caller's values untouched


def test_jvp_of_a_dataclass_refuses_at_the_line():
    with pytest.raises(ArgumentError, match="`p` holds integers"):
        s2sad.jvp(picked)(R(X.copy(), np.array([0, 2])), X.copy(), R(np.ones(3), np.zeros(2)))


def test_jvp_of_a_namedtuple_refuses_at_the_line():
    with pytest.raises(ArgumentError, match="integer"):
        s2sad.jvp(picked)(N(X.copy(), np.array([0, 2])), X.copy(), N(np.ones(3), np.zeros(2)))


@pytest.mark.parametrize("kind", [R, N], ids=["dataclass", "namedtuple"])
def test_the_functions_own_error_stands(kind):
    with pytest.raises(IndexError):
        s2sad.grad(own_error)(kind(X.copy(), np.array([0, 2])), X.copy())


def test_integers_not_used_as_integers_are_still_differentiated():
    def scaled(p, x):
        return np.sum(p.w * x) * np.sum(p.idx)
    g = s2sad.grad(scaled)(R(X.copy(), np.array([1, 2])), X.copy())
    np.testing.assert_allclose(g.w, X * 3.0)
    np.testing.assert_allclose(g.idx, np.full(2, np.sum(X * X)))
