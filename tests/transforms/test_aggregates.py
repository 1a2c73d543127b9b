"""Dicts with constant keys: one variable per key (s2sad/transforms/aggregates.py)."""
import numpy as np
import pytest

import aggregate_funcs as F
import s2sad
from s2sad.testing import check_grad, numeric_grad

X = np.array([0.3, -0.5])
W = np.array([[0.5, 0.1], [0.2, -0.3]])


@pytest.mark.parametrize("jit", [False, True])
@pytest.mark.parametrize("f, args, wrt", [
    (F.dict_wrapper, (1.0, 2.0, 3.0), (0, 1, 2)), (F.local_dict, (X, W), (0, 1)), (F.dict_loop, (X,), 0),
], ids=lambda v: getattr(v, "__name__", None))
def test_local_dicts(f, args, wrt, jit):
    check_grad(f, *args, wrt=wrt, jit=jit)


def test_dict_parameter_gets_a_dict_gradient():
    val = {"a": 3.0, "b": np.array([1.0, 2.0]), "c": 4.0}
    g = s2sad.grad(lambda_free_saxpy)(val)
    assert set(g) == {"a", "b", "c"} and g["b"].shape == (2,)
    for key in val:
        def along(v, key=key):
            return lambda_free_saxpy({**val, key: v})
        assert np.allclose(g[key], numeric_grad(along, [val[key]], 0))


def lambda_free_saxpy(val):
    return np.sum(val["a"] * val["b"] + val["c"])


def test_nested_dict_parameter():
    assert s2sad.grad(F.nested_dict)({"i": {"j": 3.0, "k": 4.0}}) == {"i": {"j": 4.0, "k": 3.0}}


def test_dict_with_a_variable_key_is_refused():
    with pytest.raises(s2sad.UnsupportedSyntaxError, match=r"line \d+.*\n.*d\[k\]"):
        s2sad.grad(F.bad_key)(1.0, "a")


def test_dict_parameter_under_jit_is_refused_clearly():
    with pytest.raises(s2sad.S2sadError):
        s2sad.grad(F.dict_saxpy, jit=True)({"a": 3.0, "b": 2.0, "c": 4.0})
