"""An exception of the generated derivative code's own (not an ``S2sadError``) on arguments
where the user's function runs is s2sad's failure: it reaches the user as a located
``AdjointFailedError`` naming the line it came from, never as a bare numpy error. Where the
function itself fails the same way, the user's own error stands. (Fuzz campaign 4000000, seed
4001861: numpy's ``LinAlgError`` escaped from ``slogdet``'s gradient.) A helper of the rule
table is replaced by a failing one to stand for any rule that fails on some values."""
import numpy as np
import pytest

import s2sad
from s2sad.rules import grads_arrays


def log_abs_det(A):
    s, l = np.linalg.slogdet(A)
    return l * 2.0


def fails_itself(A):
    s, l = np.linalg.slogdet(A)
    return l * np.linalg.inv(A)[0, 0]


@pytest.fixture
def failing_rule(monkeypatch):
    def broken(g, x):
        raise np.linalg.LinAlgError("the rule failed")
    monkeypatch.setattr(grads_arrays, "slogdet_grad", broken)


def _check(exc):
    msg = str(exc)
    assert msg.startswith("File ") and "s, l = np.linalg.slogdet(A)" in msg
    assert "LinAlgError: the rule failed" in msg and "`log_abs_det` itself runs" in msg
    assert isinstance(exc.__cause__, np.linalg.LinAlgError)


@pytest.mark.parametrize("make, call", [
    (lambda: s2sad.grad(log_abs_det), lambda g, A: g(A)),
    (lambda: s2sad.value_and_grad(log_abs_det), lambda g, A: g(A)),
    (lambda: s2sad.vjp(log_abs_det), lambda g, A: g(A, 1.0)),
])
def test_a_rule_failing_where_the_function_runs_is_a_located_error(failing_rule, make, call):
    A = np.array([[2.0, 1.0], [0.5, -3.0]])
    with pytest.raises(s2sad.AdjointFailedError) as info:
        call(make(), A)
    _check(info.value)


def test_the_users_own_error_stands_where_the_function_fails_too():
    with pytest.raises(np.linalg.LinAlgError):
        s2sad.grad(fails_itself)(np.array([[1.0, 2.0], [2.0, 4.0]]))


def test_a_tangent_rule_failing_where_the_function_runs_is_a_located_error(monkeypatch):
    from s2sad.rules import tangents_arrays

    def broken(t, x):
        raise np.linalg.LinAlgError("the rule failed")
    monkeypatch.setattr(tangents_arrays, "slogdet_tangent", broken)
    A = np.array([[2.0, 1.0], [0.5, -3.0]])
    with pytest.raises(s2sad.AdjointFailedError) as info:
        s2sad.jvp(log_abs_det)(A, np.ones((2, 2)))
    _check(info.value)
