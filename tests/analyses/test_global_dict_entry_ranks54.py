"""An entry of a module-global dict read by a constant key and then updated in place (hunt54):
``lr = CFG["lr"]; lr *= CFG["decay"]`` with ``CFG = {"lr": 0.1, "decay": 0.9}`` (a training
config, the commonest way users hold hyperparameters) was refused on main with "`lr op= ...`
while `CFG` may share its memory: s2sad cannot tell whether `lr` is an array or a number",
although the entry's kind is known when the adjoint is built (it is part of what the scope guard
checks before every run). ``analyses/expr_ranks._dict_entry`` now gives ``D["k"]`` (and
``D["a"]["k"]``) the kind of the entry the global dict holds, so a number is rebound (exact) and
an array is refused as a write into the global, at its line; a change of the entry's kind
rebuilds the adjoint, so the same gradient refuses once ``CFG["lr"]`` becomes an array."""
import numpy as np
import pytest

import s2sad
from s2sad.errors import UnsupportedSyntaxError
from s2sad.testing import check_grad, check_jvp

CFG = {"lr": 0.1, "decay": 0.9, "steps": 3}
OPT = {"sgd": {"lr": 0.1, "decay": 0.9}, "n": 3}
W = np.array([0.3, -0.5, 0.7])


def decayed(w):
    lr = CFG["lr"]
    for _ in range(CFG["steps"]):
        lr *= CFG["decay"]
    return np.sum(lr * w ** 2)


def nested_config(w):
    lr = OPT["sgd"]["lr"]
    for _ in range(OPT["n"]):
        lr *= OPT["sgd"]["decay"]
    return np.sum(lr * np.sin(w))


def descent_with_config(w):
    x = w.copy()
    lr = CFG["lr"]
    for _ in range(CFG["steps"]):
        x = x - lr * 2 * (x - 1.0)
        lr *= CFG["decay"]
    return np.sum(x ** 2 * w)


@pytest.fixture(autouse=True)
def _restore():
    yield
    CFG.update(lr=0.1, decay=0.9, steps=3)
    OPT["sgd"].update(lr=0.1, decay=0.9)


@pytest.mark.parametrize("jit", [False, True])
def test_number_entry_updated_in_place_is_exact(jit):
    np.testing.assert_allclose(s2sad.grad(decayed, jit=jit)(W.copy()), 2 * 0.1 * 0.9 ** 3 * W, rtol=1e-12)
    check_grad(descent_with_config, W.copy(), jit=jit)


def test_nested_config_and_forward_mode():
    np.testing.assert_allclose(s2sad.grad(nested_config)(W.copy()), 0.1 * 0.9 ** 3 * np.cos(W), rtol=1e-12)
    check_jvp(decayed, W.copy(), tangent=np.array([1.0, -2.0, 0.5]))
    check_jvp(descent_with_config, W.copy(), tangent=np.array([1.0, -2.0, 0.5]))


def test_new_values_seen_at_the_next_call():
    g = s2sad.grad(decayed)
    g(W.copy())
    CFG["decay"] = 0.5
    np.testing.assert_allclose(g(W.copy()), 2 * 0.1 * 0.5 ** 3 * W, rtol=1e-12)


def test_array_entry_refused_as_a_write_into_the_global():
    g = s2sad.grad(decayed)
    g(W.copy())
    CFG["lr"] = np.array([0.1, 0.2, 0.3])
    keep = CFG["lr"].copy()
    with pytest.raises(UnsupportedSyntaxError) as e:
        g(W.copy())
    msg = str(e.value)
    assert "lr *= CFG[\"decay\"]" in msg and "global `CFG`" in msg and ", column " in msg
    np.testing.assert_array_equal(CFG["lr"], keep)
