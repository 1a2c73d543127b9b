"""A list of dicts read through ``len(layers)`` is written as a list of tuples only when ``len`` is
the builtin (``frontend/dict_rows.py``). A module's own ``len`` that reads the dicts' keys got the
tuples and raised TypeError inside the derivative code ("s2sad has a bug"); now such a ``len`` is
refused where it is read (``frontend/check._shadowed_builtins``; dict_rows leaves the list as
written too), and the builtin still gets the rewrite (exact gradient)."""
import importlib.util

import numpy as np
import pytest

import s2sad
from s2sad.errors import AdjointFailedError, S2sadError

SOURCE = '''
import numpy as np

def len(rows):
    return int(rows[0]["n"])

def shadowed(x):
    layers = [{"w": x * 2.0, "n": 2.0}, {"w": x * 3.0, "n": 2.0}]
    s = 0.0
    for i in range(len(layers)):
        s = s + np.sum(layers[i]["w"] ** 2)
    return s
'''


def builtin_len(x):
    layers = [{"w": x * 2.0, "n": 2.0}, {"w": x * 3.0, "n": 2.0}]
    s = 0.0
    for i in range(len(layers)):
        s = s + np.sum(layers[i]["w"] ** 2)
    return s


@pytest.fixture(scope="module")
def module(tmp_path_factory):
    path = tmp_path_factory.mktemp("dict_rows_len") / "dict_rows_len_module57.py"
    path.write_text(SOURCE)
    spec = importlib.util.spec_from_file_location("dict_rows_len_module57", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_a_module_len_is_refused_where_it_is_read(module):
    x = np.array([0.5, -1.0])
    assert module.shadowed(x) == pytest.approx(13 * np.sum(x ** 2))
    with pytest.raises(S2sadError) as info:
        s2sad.grad(module.shadowed)(x)
    assert not isinstance(info.value, AdjointFailedError)
    assert "line 10" in str(info.value) and "not Python's builtin `len`" in str(info.value)


def test_the_builtin_len_still_reads_the_rows():
    x = np.array([0.5, -1.0])
    np.testing.assert_allclose(s2sad.grad(builtin_len)(x), 26 * x, rtol=1e-12)
