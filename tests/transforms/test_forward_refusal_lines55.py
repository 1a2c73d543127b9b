"""A run-time refusal in forward mode names its own line (issue 8, stop 55): ``jvp`` of
``for v in M.tolist()`` with a matrix ``M`` named the line before the loop, because the check
``flat_items(M)`` has no tangent and forward mode marked only lines with one, so it ran under the
previous line's marker. Every new source line now gets a marker (a silent one when it has no
tangent, so the printed jvp is unchanged: the golden files pass as they were). The same refusal
without a line before it: ``tests/api/test_refused_values54.py``."""
import inspect

import numpy as np
import pytest

import s2sad

LOOP = "for v in M.tolist():"


def scaled(M, c):
    s = c * 2.0
    n = 3
    for v in M.tolist():
        s = s + np.sum(v) * n
    return s


def _loop_line():
    lines, first = inspect.getsourcelines(scaled)
    return first + next(i for i, text in enumerate(lines) if LOOP in text)


@pytest.mark.parametrize("jit", [False, True])
@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_the_tolist_check_names_the_loop_line(mode, jit, tmp_path, monkeypatch):
    import numba
    monkeypatch.setenv("S2SAD_CACHE_DIR", str(tmp_path / "s"))
    monkeypatch.setattr(numba.core.config, "CACHE_DIR", str(tmp_path / "n"))
    A = np.arange(6.0).reshape(2, 3)
    run = (lambda: s2sad.grad(scaled, jit=jit)(A, 1.5)) if mode == "grad" else \
        (lambda: s2sad.jvp(scaled, wrt=(0, 1), jit=jit)(A, 1.5, (np.ones_like(A), 1.0)))
    with pytest.raises(s2sad.JitError if jit else s2sad.RefusedValuesError) as info:   # jit: numba's typing refuses it
        run()
    text = str(info.value)
    assert f"line {_loop_line()}," in text and LOOP in text and "n = 3" not in text


def test_the_printed_jvp_keeps_its_comments():
    """The loop's comment heads the statements with a tangent, as before; `n = 3` prints none."""
    src = s2sad.jvp(scaled, wrt=(0, 1)).source
    assert src.count("# " + LOOP) == 2 and "# n = 3" not in src and "# s = c * 2.0" not in src
