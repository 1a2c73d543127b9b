"""The gradient of a 0-d array held in a differentiated dataclass, namedtuple, tuple or dict came
back as a NumPy float (np.float64(1.79)) where a plain 0-d array argument's is a 0-d array
(array(0.7)), so s2sad.testing.check_grad refused it ('gradient should be an ndarray of shape ()');
grad with jit=True of the dataclass already gave array(1.79). arguments.user_gradient gives a
0-d array's gradient as a 0-d array of its dtype."""
import dataclasses
from typing import NamedTuple

import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad


@dataclasses.dataclass
class R:
    w: np.ndarray
    z: np.ndarray


class N(NamedTuple):
    w: np.ndarray
    z: np.ndarray


X = np.array([0.3, -0.7, 1.1])


def by_field(p, x):
    return np.sum(p.w * x) * p.z


def by_position(t, x):
    return np.sum(t[0] * x) * t[1]


def by_key(d, x):
    return np.sum(d["w"] * x) * d["z"]


CASES = [(by_field, lambda z: R(X.copy(), z)), (by_field, lambda z: N(X.copy(), z)),
         (by_position, lambda z: (X.copy(), z)), (by_key, lambda z: {"w": X.copy(), "z": z})]


@pytest.mark.parametrize("f,make", CASES, ids=["dataclass", "namedtuple", "tuple", "dict"])
def test_a_zero_d_field_gets_a_zero_d_gradient(f, make):
    g = s2sad.grad(f)(make(np.array(0.5)), X.copy())
    gz = g["z"] if isinstance(g, dict) else g[1] if isinstance(g, tuple) else g.z
    assert isinstance(gz, np.ndarray) and gz.shape == () and gz.dtype == np.float64, repr(gz)
    assert float(gz) == pytest.approx(np.sum(X * X))
    check_grad(f, make(np.array(0.5)), X.copy())


def test_float32_keeps_its_dtype():
    g = s2sad.grad(by_key)({"w": X.copy(), "z": np.array(0.5, dtype=np.float32)}, X.copy())
    assert isinstance(g["z"], np.ndarray) and g["z"].shape == () and g["z"].dtype == np.float32
