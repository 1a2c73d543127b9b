"""A run-time check s2sad wrote into the generated code that refuses these values on purpose
(``x.tolist()`` of a matrix in a loop header, ``np.apply_along_axis`` returning rows along the first
axis, ``np.max(x, initial=)`` of an empty array) reaches the user as a ``RefusedValuesError`` at
their line, saying what to write instead: not as an ``AdjointFailedError`` asking to report a bug."""
import numpy as np
import pytest

import s2sad
from s2sad import RefusedValuesError

M = np.arange(6.0).reshape(2, 3)


def rows_as_lists(M):
    s = 0.0
    for v in M.tolist():
        s = s + np.sum(v)
    return s


def rows_along_the_first_axis(a):
    r = np.apply_along_axis(lambda row: row * 2.0, 0, a)
    return np.sum(r)


def max_with_initial(x):
    return np.max(x, initial=0.5) ** 2


def _refused(call, func, line_text, advice):
    with pytest.raises(RefusedValuesError) as info:
        call()
    text = str(info.value)
    line = func.__code__.co_firstlineno + [t.strip() for t in _lines(func)].index(line_text)
    assert f'File "{__file__}", line {line},' in text
    assert line_text in text and advice in text
    assert "bug" not in text and "report" not in text
    assert isinstance(info.value, ValueError)


def _lines(func):
    import inspect
    return inspect.getsource(func).splitlines()


CASES = [
    (rows_as_lists, M, "for v in M.tolist():", "for row in x:"),
    (rows_along_the_first_axis, M, "r = np.apply_along_axis(lambda row: row * 2.0, 0, a)", "np.moveaxis(a, axis, -1)"),
    (max_with_initial, np.zeros(0), "return np.max(x, initial=0.5) ** 2", "test its size before the call"),
]


@pytest.mark.parametrize("func, arg, line_text, advice", CASES)
def test_a_run_time_refusal_is_located_and_not_called_a_bug(func, arg, line_text, advice):
    _refused(lambda: s2sad.grad(func)(arg), func, line_text, advice)


@pytest.mark.parametrize("func, arg, line_text, advice", CASES)
def test_forward_mode_refuses_alike(func, arg, line_text, advice):
    """rows_as_lists named `s = 0.0` in forward mode until stop 55 (its check has no tangent)."""
    _refused(lambda: s2sad.jvp(func)(arg, np.ones_like(arg)), func, line_text, advice)


@pytest.mark.jit
def test_numba_refuses_alike(tmp_path, monkeypatch):
    import numba
    monkeypatch.setenv("S2SAD_CACHE_DIR", str(tmp_path / "s"))
    monkeypatch.setattr(numba.core.config, "CACHE_DIR", str(tmp_path / "n"))
    _refused(lambda: s2sad.grad(max_with_initial, jit=True)(np.zeros(0)), max_with_initial,
             "return np.max(x, initial=0.5) ** 2", "test its size before the call")
    np.testing.assert_allclose(s2sad.grad(max_with_initial, jit=True)(np.array([0.2, 0.7])), [0.0, 1.4])
