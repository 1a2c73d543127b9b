"""The origins analysis behind every array updated in place (s2sad/backends/inplace.py):
an array kept by a container or a call escapes whatever name holds it. ``c = z; L[i] = c``
makes ``z``'s array the list's too, so ``z = E`` at the next pass must not be written into
it (issue 9: the LSTM benchmark's ``cell[l] = c``, ``c`` its cell's ``cell2``, lost every
earlier layer's cell under jit=True). Checked on the analysis itself and on the jitted
gradient against the pure-Python one and finite differences. The same holds for a view of
the array stored (``L[i] = z[:]``), and a list or tuple display holds its elements' arrays
(``pair = [z, w]``; both were wrong under jit=True before this fix too)."""
import ast

import numpy as np
import pytest

import s2sad
from s2sad.pipeline import build
from s2sad.testing import check_grad
from s2sad.backends.inplace import EXTERNAL, Origins


def _state_at_end(text):
    """The origins of each name before the last statement of ``text``'s function."""
    fdef = ast.parse(text).body[0]
    origins = Origins([a.arg for a in fdef.args.args], None, lambda call: "unknown")
    origins.run(fdef)
    return origins.before[id(fdef.body[-1])]


def test_an_array_stored_through_another_name_escapes_under_every_name():
    state = _state_at_end("def f(a, L):\n    z = a * 2.0\n    c = z\n    L[0] = c\n    return z\n")
    assert EXTERNAL in state["z"] and EXTERNAL in state["c"]


def test_an_array_appended_through_another_name_escapes_under_every_name():
    state = _state_at_end("def f(a, L):\n    z = a * 2.0\n    c = z\n    y = a + 1.0\n"
                          "    L.append(c)\n    return z\n")
    assert EXTERNAL in state["z"] and EXTERNAL not in state["y"]


def step(c, w):
    c2 = c * w + w                 # inlined: c = step_c2, then cells[l] = c
    return c2


def cells_through_a_helper(x, w):
    """The LSTM's layer loop: each layer's new cell goes back into the list."""
    cells = [x, x * 2.0]
    s = 0.0
    for _ in range(3):
        for l in range(2):
            c = step(cells[l], w)
            cells[l] = c
        s = s + np.sum(cells[0] * cells[1])
    return s


def cells_through_a_name(x, w):
    cells = [x, x * 2.0]
    s = 0.0
    for _ in range(3):
        for l in range(2):
            z = cells[l] * w + 1.0
            c = z
            cells[l] = c
        s = s + np.sum(cells[0] * cells[1])
    return s


def cells_as_views(x, w):
    cells = [x, x * 2.0]
    s = 0.0
    for _ in range(3):
        for l in range(2):
            z = cells[l] * w + 1.0
            cells[l] = z[:]        # a view of z's array in the list
        s = s + np.sum(cells[0] * cells[1])
    return s


def in_a_display(x, w):
    s = 0.0
    pair = [x, w]
    for k in range(3):
        old = pair                 # last pass's list holds last pass's z
        z = x * w + k
        pair = [z, w]
        s = s + np.sum(old[0] * z)
    return s


def test_a_display_holds_its_elements_arrays():
    state = _state_at_end("def f(a):\n    z = a * 2.0\n    p = [z, a]\n    q = (a, z)\n    return z\n")
    assert state["z"] <= state["p"] and state["z"] <= state["q"]


@pytest.mark.jit
@pytest.mark.parametrize("f, z", [(cells_through_a_helper, "step_c2"), (cells_through_a_name, "z"),
                                  (cells_as_views, "z"), (in_a_display, "z")])
def test_an_array_stored_in_a_list_under_another_name_is_not_overwritten(f, z):
    pytest.importorskip("numba")
    text = build(f, ["x", "w"], stop_after="jit", param_kinds={"x": 1, "w": 1})
    assert f"if _s2sad_has_{z} and " not in text          # a new array at every pass
    x, w = np.array([0.3, -0.5, 0.8]), np.array([0.9, 1.1, -0.7])
    jitted = check_grad(f, x, w, wrt=(0, 1), jit=True)
    for u, v in zip(jitted, s2sad.grad(f, wrt=(0, 1))(x, w)):
        np.testing.assert_allclose(u, v, rtol=1e-12, atol=1e-14)


def test_a_view_call_of_a_new_product_is_a_new_array():
    """``unbroadcast(a * b, x)`` returns ``a * b`` or a sum of it: never ``a``'s array (with
    ``a``'s origins every LSTM adjoint was 'external' and none reused its array)."""
    def state(text):
        fdef = ast.parse(text).body[0]
        origins = Origins([a.arg for a in fdef.args.args], None, lambda call: "view")
        origins.run(fdef)
        return origins.before[id(fdef.body[-1])]
    assert EXTERNAL not in state("def f(a, x):\n    t = g(a * 2.0, x)\n    return t\n")["t"]
    assert EXTERNAL in state("def f(a, x):\n    t = g(a, x)\n    return t\n")["t"]
    assert EXTERNAL in state("def f(a, x):\n    t = g(a[1:], x)\n    return t\n")["t"]


def test_the_lstm_reverse_sweep_reuses_its_arrays():
    from benchmarks.workloads.lstm import lstm_objective
    text = build(lstm_objective, ["main_params", "extra_params"], stop_after="jit",
                 param_kinds={"main_params": 2, "extra_params": 2, "state": 2, "sequence": 2})
    assert "if not _s2sad_fits(b_lstm_cell_hidden, " in text
    assert "if _s2sad_has_lstm_cell_cell2 and " not in text       # cell[l] = c holds it


def _fresh(text):
    from s2sad.backends.inplace import fresh_results
    return fresh_results(ast.parse(text).body[0], {"np": np})


def test_a_gradient_allocated_in_the_return_is_fresh():
    """The jit drivers copy a gradient fresh_results cannot prove fresh: ``np.full(..)`` written
    in the return (MXNet's gradient, whose every element is the same) was copied (issue 9)."""
    head = "def f_adjoint(a, b, dout=1.0):\n    t = np.sum(a * b)\n    u = a * 2.0\n"
    assert _fresh(head + "    return t, np.full(a.shape, dout), np.zeros(b.shape)\n") == [True, True]
    assert _fresh(head + "    return t, u * 1.0, u\n") == [True, True]
    # an argument, a view of one, the same array twice, an unknown call: copied
    assert _fresh(head + "    return t, a, np.reshape(b, b.shape)\n") == [False, False]
    assert _fresh(head + "    return t, u, np.reshape(u, u.shape)\n") == [True, False]
    assert _fresh(head + "    return t, helper(u), u\n") == [False, False]
