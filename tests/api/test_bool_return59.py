"""A function whose `return` is a comparison (a bool, or an array of bools) has no derivative:
every mode refuses it at the return line before building, and `s2sad show` says so instead of
printing an adjoint (it used to print one; `vjp`/`jvp`/`jacobian` of `x > 0.0` gave zeros)."""
import numpy as np
import pytest

import s2sad
from s2sad import OutputTypeError
from tests.cli_inprocess import run_cli


def mask(x):
    return x > 0.0


def both(x):
    return (np.sum(x) > 0.0) and (x[0] < 2.0)


def negated(x):
    return not np.sum(x) > 0.0


def not_a_comparison(x):
    return np.sum(x) * (x[0] > 0.0)     # a number: a comparison times a value (derivative sum(x)·0 + ...)


X = np.array([0.5, -1.0, 2.0])
CALLS = {
    "grad": lambda f: s2sad.grad(f)(X),
    "vjp": lambda f: s2sad.vjp(f)(X, np.ones(3)),
    "jvp": lambda f: s2sad.jvp(f)(X, np.ones(3)),
    "jacobian": lambda f: s2sad.jacobian(f)(X),
    "hvp": lambda f: s2sad.hvp(f)(X, np.ones(3)),
}


@pytest.mark.parametrize("mode", sorted(CALLS))
@pytest.mark.parametrize("func", [mask, both, negated], ids=lambda f: f.__name__)
def test_a_returned_comparison_is_refused_at_the_return(func, mode):
    with pytest.raises(OutputTypeError) as info:
        CALLS[mode](func)
    msg = str(info.value)
    assert "test_bool_return59.py" in msg and "returns a comparison" in msg and "return" in msg.splitlines()[1], msg


def test_show_refuses_a_returned_comparison():
    proc = run_cli("show", f"{__file__}:mask")
    assert proc.returncode != 0 and "def mask_adjoint" not in proc.stdout, proc.stdout
    assert "returns a comparison" in proc.stderr and "test_bool_return59.py:13" in proc.stderr, proc.stderr


def test_a_product_with_a_comparison_is_still_differentiated():
    g = s2sad.grad(not_a_comparison)(X)
    assert np.allclose(g, np.where(X[0] > 0.0, 1.0, 0.0) * np.ones(3)), g
