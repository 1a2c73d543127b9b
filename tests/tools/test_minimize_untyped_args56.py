"""tools/optim.py, tools/optim_args.py: ``minimize(f, x0, args=(...))`` with jit=True (the default)
types each argument with ``numba.typeof`` to key and compile its descent loop; for a value numba
cannot type (a dict of settings, an empty list or set) numba's own ``ValueError`` ("Cannot
determine Numba type of <class 'dict'>", "Cannot type empty list") reached the user (hunt56b,
issue 8 class 6). It is now a ``JitError`` naming the argument (``args[0]``) and advising
jit=False, which runs the descent."""
import numpy as np
import pytest

import s2sad

X0 = np.array([0.7, -0.4, 1.3])


def scaled(x, p):
    return np.sum(x ** 2) * p["a"]


def counted(x, ks):
    return np.sum(x ** 2) * (1.0 + len(ks))


@pytest.mark.parametrize("f, arg", [(scaled, {"a": 1.0}), (counted, []), (counted, set())],
                         ids=["dict", "empty_list", "empty_set"])
def test_untyped_argument_is_a_jit_error(f, arg):
    with pytest.raises(s2sad.JitError, match=r"args\[0\]"):
        s2sad.minimize(f, X0, args=(arg,), steps=3)
    res = s2sad.minimize(f, X0, args=(arg,), steps=200, lr=0.05, jit=False)
    assert f(res.x, arg) < f(X0, arg)
