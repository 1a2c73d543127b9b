"""frontend/methods.py: array methods read as the NumPy calls that compute the same thing."""
import ast

import numpy as np
import pytest

import s2sad
from s2sad.errors import UnsupportedSyntaxError
from s2sad.frontend.methods import METHODS, method_call
from s2sad.testing import check_grad


def test_every_method_in_the_table_names_a_numpy_function_or_a_runtime_helper():
    for attr, target in METHODS.items():
        if target is None:
            # the runtime's item() (np.item does not exist) and conj_method (x.conj() of a real array is
            # the array itself, np.conjugate's a copy)
            assert attr in ("item", "conj", "conjugate")
            continue
        assert target.startswith("np."), attr
        assert callable(getattr(np, target[3:])), target
        assert hasattr(np.ndarray, attr), attr


def every_method(X):
    Y = X.reshape(3, 2).transpose().copy()
    s = Y.sum(axis=0).mean() + Y.prod() + Y.max() - Y.min() + Y.std() + Y.var()
    s = s + Y.dot(Y.T).trace() + Y.ravel().cumsum().sum() + Y.flatten()[1] + Y.diagonal().sum()
    s = s + Y.clip(0.2, 0.9).sum() + Y.swapaxes(0, 1)[0, 1] + Y[None].squeeze(axis=0).sum()
    return s + Y.astype(np.float64)[1, 1] + Y[0, 0].item()


@pytest.mark.parametrize("jit", [False, True])
def test_the_methods_differentiate_like_their_numpy_functions(jit):
    X = np.array([[0.3, 0.8], [0.5, 1.1], [0.15, 0.7]])
    check_grad(every_method, X, jit=jit)


def compress_method(x):  # (x.cumprod(), then x.conj() were the example until stops 44 and 48 put them in the table)
    return x.compress([True, False, True]).sum()


def test_a_method_with_no_numpy_counterpart_in_the_table_is_refused_where_written():
    with pytest.raises(UnsupportedSyntaxError) as info:
        s2sad.grad(compress_method)(np.arange(1.0, 4.0))
    msg = str(info.value)
    assert "line" in msg and "x.compress(" in msg and "np.compress(x, ...)" in msg


def test_astype_with_a_positional_dtype_becomes_a_keyword():
    call = ast.parse("x.astype(np.float32)", mode="eval").body
    func, args, keywords = method_call(None, call)
    assert [ast.unparse(a) for a in args] == ["x"]
    assert [(k.arg, ast.unparse(k.value)) for k in keywords] == [("dtype", "np.float32")]


def write_into_a_flattened_copy(x):
    M = np.outer(x, x[:2])
    r = M.flatten()
    r[::2] *= 3.0
    return np.sum(M ** 2) + np.sum(r)


@pytest.mark.parametrize("jit", [False, True])
def test_flatten_is_a_copy(jit):
    """x.flatten() always copies; it was read as np.ravel, a view, so a write into the copy was
    taken to change M: a silently wrong gradient (24.8 where the truth is 10.0). Failed before."""
    check_grad(write_into_a_flattened_copy, np.array([0.3, 0.7, 1.5, -0.4]), jit=jit)


def trapz_of_numpy_2(a):
    t = np.linspace(0.0, a, 7)
    return np.trapz(np.sin(t) ** 2, t)


def product_of_numpy_2(x):
    return np.sum(np.product(x))


@pytest.mark.parametrize("fn, near", [(trapz_of_numpy_2, "`np.trapezoid`"), (product_of_numpy_2, "`np.prod`")])
def test_a_function_the_module_lacks_is_named_as_missing_not_as_an_objects_method(fn, near):
    """NumPy 2 removed ``np.trapz`` and ``np.product``: Python raises AttributeError there, and the
    refusal says so (not 'a method call on one of your own objects') and names the near ones (hunt50)."""
    arg = 1.3 if fn is trapz_of_numpy_2 else np.array([1.0, 2.0])
    with pytest.raises(UnsupportedSyntaxError) as err:
        s2sad.grad(fn)(arg)
    msg = str(err.value)
    assert "has no attribute" in msg and "AttributeError" in msg and near in msg
    assert "your own objects" not in msg
    assert f"line {fn.__code__.co_firstlineno + (2 if fn is trapz_of_numpy_2 else 1)}," in msg
