"""An exception of s2sad's own compiler while it generates the derivative code (a bug in s2sad,
not a refusal) never reaches the user bare.

On a call of ``grad``/``vjp`` it was reported as "derivative code for this line raised"; on
``.source``, ``minimize``, ``hvp``, ``jvp`` and ``grad(grad(f))`` it escaped as the compiler's own
``KeyError``. Now every path that builds raises ``BuildFailedError`` (an ``AdjointFailedError``,
so an ``S2sadError``) naming the function's file and line and saying it is s2sad's bug; the
user's own error still comes first when the function itself fails on the arguments.
"""
import numpy as np
import pytest

import s2sad
import s2sad.pipeline
import s2sad.pipeline_forward
from s2sad.errors import BuildFailedError


def _broken(*args, **kwargs):
    raise KeyError("b_t7")


@pytest.fixture
def broken_compiler(monkeypatch):
    monkeypatch.setattr(s2sad.pipeline, "build", _broken)
    monkeypatch.setattr(s2sad.pipeline_forward, "build_jvp", _broken)
    monkeypatch.setattr(s2sad.pipeline_forward, "build_hvp", _broken)


def loss(x):
    return np.sum(x * x) + 1.0


def scalar_loss(x):
    return x * x * x


def fails_itself(x):
    return np.sum(x * x) + {}["missing"]


CALLS = {
    "grad": lambda: s2sad.grad(loss)(np.ones(2)),
    "vjp": lambda: s2sad.vjp(loss)(np.ones(2), 1.0),
    "value_and_grad": lambda: s2sad.value_and_grad(loss)(np.ones(2)),
    "source": lambda: s2sad.grad(loss).source,
    "minimize": lambda: s2sad.minimize(loss, np.ones(2), steps=3),
    "jvp": lambda: s2sad.jvp(loss)(np.ones(2), np.ones(2)),
    "hvp": lambda: s2sad.hvp(loss)(np.ones(2), np.ones(2)),
    "grad_of_grad": lambda: s2sad.grad(s2sad.grad(scalar_loss))(0.5),
}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_a_compiler_exception_is_a_located_build_failure(broken_compiler, name):
    with pytest.raises(BuildFailedError) as info:
        CALLS[name]()
    message = str(info.value)
    assert message.startswith(f'File "{__file__}", line ')
    assert "KeyError: 'b_t7'" in message and "bug in s2sad" in message
    assert isinstance(info.value, s2sad.S2sadError)


def test_the_users_own_error_comes_first(broken_compiler):
    with pytest.raises(KeyError, match="missing"):
        s2sad.grad(fails_itself)(np.ones(2))
    with pytest.raises(KeyError, match="missing"):
        s2sad.hvp(fails_itself)(np.ones(2), np.ones(2))


def test_a_refusal_is_not_a_build_failure():
    def uses_a_set(x):
        s = {1, 2}
        return x * len(s) + x.conjugate_nonexistent()
    with pytest.raises(s2sad.S2sadError) as info:
        s2sad.grad(uses_a_set)(1.0)
    assert not isinstance(info.value, BuildFailedError)
