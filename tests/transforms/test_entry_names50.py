"""names.users_names and transforms/aggregates.entry_name (stop 50, issue 8): refusals about a
dict's entries named the variable s2sad made for the entry (`d_w` for ``d["w"]``), which the user
never wrote; they now name the entry as written, in both modes, wherever the refusal is made."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_jvp

X = np.array([0.1, 0.2, 0.3])


def shapes_differ(x):
    d = {"w": 1.0}
    if x[0] > 0:
        d["w"] = x * 2.0
    return np.sum(d["w"])


def shared_entry(x):
    d = {"w": x * 1.0, "b": 2.0}
    lst = [d["w"], x * 2.0]
    lst[0] += 1.0
    return np.sum(d["w"] * lst[0])


def test_a_local_dicts_entry_is_named_as_written():
    """On main: "s2sad cannot differentiate `d_w` holding values of different shapes" (forward
    mode follows the function)."""
    with pytest.raises(s2sad.UnsupportedSyntaxError) as info:
        s2sad.grad(shapes_differ)(X)
    msg = str(info.value)
    assert "`d['w']` holding values of different shapes" in msg and "d_w" not in msg
    check_jvp(shapes_differ, X, tangent=np.array([1.0, 2.0, -1.0]))


def test_an_entry_sharing_an_array_is_named_as_written():
    """On main: "... of the list `lst` that `x * 1.0` also holds" (the entry's definition)."""
    with pytest.raises(s2sad.UnsupportedSyntaxError) as info:
        s2sad.grad(shared_entry)(X)
    assert "that `d['w']` also holds" in str(info.value)


def test_a_parameters_nested_entry_is_named_as_written():
    def nested(p, x):
        if x[0] > 0:
            p["layer"]["w"] = x * 2.0
        return np.sum(p["layer"]["w"]) * x[1]
    with pytest.raises(s2sad.UnsupportedSyntaxError) as info:
        s2sad.grad(nested, wrt=1)({"layer": {"w": 1.0}}, X)
    msg = str(info.value)
    assert "`p['layer']['w']`" in msg and "p_layer_w" not in msg
