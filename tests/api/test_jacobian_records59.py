"""jacobian of a function of a differentiated dataclass or namedtuple argument. Stop 59 let jvp take
records (record_flat), and jacobian's sweeps then reached the user's function with s2sad's internal
holder of the record: AttributeError ('TupleArgument' object has no attribute 'w') for a dataclass,
NumPy's ValueError (np.size of a namedtuple of an array and a float) for a namedtuple, in every mode.
A Jacobian is out.shape + x.shape over numbers and arrays: the record is now refused with an
ArgumentError naming the parameter; the gradient of the same function is unchanged."""
import dataclasses
from typing import NamedTuple

import numpy as np
import pytest

import s2sad
from s2sad.errors import ArgumentError
from s2sad.testing import check_grad


@dataclasses.dataclass
class Q:
    b: float
    w: np.ndarray


class NT(NamedTuple):
    w: np.ndarray
    b: float


W = np.array([0.3, -0.7, 1.1])
X = np.array([0.5, 1.5, -0.4])


def scalar_out(q, x):
    return np.sum(q.w * x) * q.b ** 2


def vector_out(q, x):
    return q.w * x * q.b


@pytest.mark.parametrize("mode", [None, "fwd", "rev"])
@pytest.mark.parametrize("f", [scalar_out, vector_out])
@pytest.mark.parametrize("record", [Q(0.7, W), NT(W, 0.7)], ids=["dataclass", "namedtuple"])
def test_refused_naming_the_parameter(record, f, mode):
    with pytest.raises(ArgumentError, match="`q` is a (Q|NT)"):
        s2sad.jacobian(f, mode=mode)(record, X.copy())


def test_jacobian_in_x_and_grad_in_the_record_still_run():
    J = s2sad.jacobian(vector_out, wrt=1)(NT(W.copy(), 0.7), X.copy())
    np.testing.assert_allclose(J, np.diag(W * 0.7), rtol=1e-12)
    check_grad(scalar_out, Q(0.7, W.copy()), X.copy())
