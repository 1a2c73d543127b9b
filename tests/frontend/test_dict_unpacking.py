"""frontend/anf.py: ``{**d, 'k': v}`` is a copy of ``d`` with the later entries written into it,
as Python builds it (refused before as "a dict whose keys are not constants"). The users'
idiom for parameters: defaults updated by a few entries."""
import numpy as np
import pytest

import s2sad
from s2sad.errors import UnsupportedSyntaxError
from s2sad.testing import check_grad

DEFAULTS = {"a": 2.0, "b": np.array([1.0, 2.0])}
X = np.array([0.5, -1.5])


def of_a_global(x):
    p = {**DEFAULTS, "a": x[0] * 3.0}
    q = {**p}
    q["b"] = q["b"] * x
    return p["a"] * np.sum(q["b"] ** 2) + np.sum(p["b"] * x)


def of_an_argument(x, P):
    r = {**P, "w": x}
    return np.sum(r["w"] * r["v"]) + r["c"]


def of_a_local(x):
    d = {"u": x * 2.0}
    e = {**d, "v": d["u"] ** 2}
    e["u"] += 1.0            # a new binding in the copy: d["u"] is not changed
    return np.sum(e["u"] * e["v"]) + np.sum(d["u"])


def test_a_dict_unpacked_first_is_copied_then_updated():
    assert np.allclose(check_grad(of_a_global, X), [30.25, -16.0])
    assert np.allclose(check_grad(of_an_argument, X, {"v": np.array([1.0, 3.0]), "c": 2.0, "w": 0.0}), [1.0, 3.0])
    assert np.allclose(check_grad(of_a_local, X), [12.0, 44.0])
    assert DEFAULTS["a"] == 2.0 and np.array_equal(DEFAULTS["b"], [1.0, 2.0])


@pytest.mark.jit
def test_a_local_dict_unpacked_under_jit():
    assert np.allclose(check_grad(of_a_local, X, jit=True), [12.0, 44.0])


def unpacked_after_a_key(x):
    d = {"u": x}
    return np.sum({"u": x * 2.0, **d}["u"])


def test_an_unpacking_after_a_key_stays_refused_with_advice():
    with pytest.raises(UnsupportedSyntaxError, match=r"unpack one dict first: \{\*\*d, 'k': v\}"):
        s2sad.grad(unpacked_after_a_key)(X)
