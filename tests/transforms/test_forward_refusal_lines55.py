"""A run-time refusal in forward mode names its own line (issue 8, stop 55): ``jvp`` of
``for v in M.tolist()`` with a matrix ``M`` named the line before the loop (``s = 0.0``), because
the check ``flat_items(M)`` has no tangent and forward mode marked only lines with one, so it ran
under the previous line's marker. Every new source line now gets a marker (a silent one when it has
no tangent, so the printed jvp is unchanged: the golden files pass as they were)."""
import inspect

import numpy as np
import pytest

import s2sad

M = np.arange(6.0).reshape(2, 3)


def total(M):
    s = 0.0
    for v in M.tolist():
        s = s + np.sum(v)
    return s


def scaled(M, c):
    s = c * 2.0
    n = 3
    for v in M.tolist():
        s = s + v * n
    return s


LOOP = "for v in M.tolist():"


def _line_of(f):
    lines, first = inspect.getsourcelines(f)
    return first + next(i for i, text in enumerate(lines) if LOOP in text)


@pytest.mark.parametrize("jit", [False, True])
@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_the_tolist_check_names_the_loop_line(mode, jit):
    run = (lambda: s2sad.grad(total, jit=jit)(M)) if mode == "grad" else \
        (lambda: s2sad.jvp(total, jit=jit)(M, np.ones_like(M)))
    with pytest.raises(s2sad.JitError if jit else s2sad.RefusedValuesError) as info:   # jit: numba's typing refuses it
        run()
    text = str(info.value)
    assert f"line {_line_of(total)}," in text and LOOP in text
    assert "s = 0.0" not in text


def test_after_lines_with_and_without_tangents():
    with pytest.raises(s2sad.RefusedValuesError) as info:
        s2sad.jvp(scaled, wrt=(0, 1))(M, 1.5, (np.ones_like(M), 1.0))
    assert f"line {_line_of(scaled)}," in str(info.value) and "n = 3" not in str(info.value)


def test_the_printed_jvp_keeps_its_comments():
    """The loop's comment heads the statements with a tangent, as before; `n = 3` prints none."""
    src = s2sad.jvp(scaled, wrt=(0, 1)).source
    assert src.count("# " + LOOP) == 2 and "# n = 3" not in src and "# s = c * 2.0" not in src
