"""``xs[i] op= v`` refusals say the true reason (stop 42, hunt41's ``redefined_list``), and
``dict_loops.renamed`` renames the notes of a copy with its names.

Before: a list holding the parameter ``x`` (``lst = [x ** 2, x]; lst[1] *= 3.0``, which in
Python changes the caller's array) was refused with "another position may hold"; and a dict
loop's copies kept the ``_s2sad_aug`` note naming the last copy's temporary, so the alias check
of an earlier copy looked at another copy's element."""
import ast

import numpy as np
import pytest

import s2sad
from s2sad.names import Namer
from s2sad.transforms.dict_loops import renamed

X = np.array([0.3, 0.5, 1.2])


def redefined_list(x):
    lst = [x * 1.0, x * 2.0]
    lst[0] += x
    t = np.sum(lst[0])
    lst = [x ** 2, x]
    lst[1] *= 3.0
    return t + np.sum(lst[0] * lst[1])


def fresh_positions(x):
    lst = [x ** 2, x * 1.0]
    lst[1] *= 3.0
    return np.sum(lst[0] * lst[1])


@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_list_holding_the_parameter_says_so(mode):
    f = s2sad.grad(redefined_list) if mode == "grad" else s2sad.jvp(redefined_list)
    with pytest.raises(s2sad.S2sadError) as e:
        f(X) if mode == "grad" else f(X, np.ones(3))
    msg = str(e.value)
    assert "lst[1] *= 3.0" in msg and "line 25" in msg
    assert "the parameter `x`" in msg and "caller's array" in msg and "x.copy()" in msg
    assert "another position may hold" not in msg


def test_fresh_positions_stay_exact():
    g = s2sad.grad(fresh_positions)(X)
    assert np.allclose(g, 9.0 * X ** 2)


class _Agg:
    namer = Namer(["lst", "t3", "t6"])


def test_renamed_copy_renames_its_notes():
    body = ast.parse("t3 = lst[0]\nt6 = t3 + 1.0\nlst[0] = t6\nlst.append(t6)").body
    body[2]._s2sad_aug = "t3"
    body[3]._s2sad_append = ("lst", "t6")
    out = renamed(_Agg(), body, ["t3", "t6"], last=False)
    new_t3, new_t6 = out[0].targets[0].id, out[1].targets[0].id
    assert new_t3 != "t3" and new_t6 != "t6"
    assert out[2]._s2sad_aug == new_t3
    assert out[3]._s2sad_append == ("lst", new_t6)
