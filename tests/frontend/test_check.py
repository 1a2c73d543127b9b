"""frontend/check.py: a write into a dict the function shares with its scope (a global or a
closure variable) that it also reads is refused at the write. Before, the adjoint took the
dict's adjoint for an array's and failed inside the generated code (``np.add.at`` of a dict);
a dict parameter or local, a global array or list written and read, and a global dict only
written stay differentiated, checked against central differences."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad

STATE = {}
ROWS = np.zeros((2, 3))
SLOTS = [np.zeros(3)]
X = np.array([1.0, -2.0, 0.5])


def global_dict_written_and_read(x):
    STATE["h"] = x ** 2
    return np.sum(STATE["h"])


def make_closure():
    cache = {}

    def cached(x):
        cache["y"] = np.sin(x)
        return np.sum(cache["y"] * x)
    return cached


closure_dict_written_and_read = make_closure()


@pytest.mark.parametrize("f, where", [(global_dict_written_and_read, "the global `STATE`"),
                                      (closure_dict_written_and_read, "the closure variable `cache`")])
@pytest.mark.parametrize("jit", [False, pytest.param(True, marks=pytest.mark.jit)])
def test_a_shared_dict_written_and_read_is_refused_at_the_write(f, where, jit):
    with pytest.raises(s2sad.UnsupportedSyntaxError) as info:
        s2sad.grad(f, jit=jit)(X)
    msg = str(info.value)
    assert msg.startswith("File ") and where in msg and '"] = ' in msg and "dict(" in msg


def local_dict(x):
    d = {}
    d["a"] = x * 3.0
    d["b"] = d["a"] + x
    return np.sum(d["b"] * d["a"])


def global_dict_only_written(x):
    STATE["last"] = x * 1.0
    return np.sum(x ** 3)


def global_array_written_and_read(x):
    ROWS[0] = x * 2.0
    return np.sum(ROWS * x)


def global_list_written_and_read(x):
    SLOTS[0] = x * 2.0
    return np.sum(SLOTS[0] * x)


@pytest.mark.parametrize("f", [local_dict, global_dict_only_written, global_array_written_and_read,
                               global_list_written_and_read])
def test_other_writes_stay_differentiated(f):
    check_grad(f, X)
