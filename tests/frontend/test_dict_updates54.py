"""``d['l1'].update(...)`` of a nested dict of parameters (frontend/dict_updates.py): the stores
Python makes, ``d['l1']['W'] = ...``, when ``d['l1']`` is surely a dict (a parameter's kind says
so, or every display binding a local gives that key a dict).

On main (054009e) each was refused at the ``update`` line ("s2sad cannot differentiate this use of
`params`"). The caller's dicts keep their entries (the same array objects, unchanged)."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_against_autograd, check_grad, check_hvp, check_jvp

X = np.array([0.3, -0.2, 0.5])
V = np.array([0.7, 0.4, -1.2])


def local_keywords(x):
    params = {"l1": {"W": x, "b": 1.0}}
    params["l1"].update(W=params["l1"]["W"] * 2.0)
    return np.sum(params["l1"]["W"] ** 2) + params["l1"]["b"]


def local_display_in_loop(x):
    params = {"l1": {"W": x, "b": 1.0}, "lr": 0.1}
    for _ in range(2):
        params["l1"].update({"W": params["l1"]["W"] - params["lr"] * params["l1"]["W"] ** 2,
                             "b": params["l1"]["b"] * x[0]})
    return np.sum(params["l1"]["W"] ** 2) + params["l1"]["b"]


def local_entry_replaced(x):
    params = {"l1": {"W": x}}
    params["l1"] = {"W": x ** 2, "b": x[0]}
    params["l1"].update(b=params["l1"]["b"] * params["l1"]["W"][1])
    return np.sum(params["l1"]["W"]) * params["l1"]["b"]


def parameter_update(x, p):
    p["l1"].update({"W": p["l1"]["W"] * x}, b=p["l1"]["b"] + x[2])
    return np.sum(p["l1"]["W"] ** 2) * p["l1"]["b"]


def _params():
    return {"l1": {"W": np.array([1.0, 2.0, 3.0]), "b": 0.5}, "l2": {"W": np.array([-1.0, 0.5, 2.0])}}


def sgd_step(x, p):
    for name in ("l1", "l2"):
        p[name].update(W=p[name]["W"] - 0.1 * x * p[name]["W"])
    return np.sum(p["l1"]["W"] * p["l2"]["W"])


LOCAL = [local_keywords, local_display_in_loop, local_entry_replaced]


@pytest.mark.parametrize("f", LOCAL)
def test_nested_local_update(f):
    check_grad(f, X.copy())
    check_jvp(f, X.copy(), tangent=V)
    check_against_autograd(f, X.copy())
    check_hvp(f, X.copy(), v=V, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("f", [parameter_update, sgd_step])
def test_nested_parameter_update_leaves_the_callers_dict(f):
    p = _params()
    kept = {k: dict(v) for k, v in p.items()}
    check_grad(f, X.copy(), p)
    check_jvp(f, X.copy(), p, tangent=V)
    assert all(p[k][e] is kept[k][e] for k in p for e in p[k])     # no entry rebound


@pytest.mark.parametrize("f", [local_keywords, local_display_in_loop])
def test_nested_update_jit(f):           # (a dict parameter is refused by jit=True, as numba takes no dict)
    check_grad(f, X.copy(), jit=True)
    check_jvp(f, X.copy(), tangent=V, jit=True)


def not_surely_a_dict(x, q):
    d = {"l1": q, "c": x[0]}
    d["l1"].update(W=x * 2.0)
    return np.sum(d["l1"]["W"]) * d["c"]


def test_an_entry_not_known_to_be_a_dict_still_refused_at_its_line():
    with pytest.raises(s2sad.S2sadError, match=r"line \d+, column \d+.*\n.*d\[\"l1\"\]\.update"):
        s2sad.grad(not_surely_a_dict)(X.copy(), {"W": np.ones(3)})
