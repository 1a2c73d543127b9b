"""Under jit, a JitError names the user's line that needs what numba lacks, and its advice fits:
a helper returning tuples of different lengths, unpacked by ``a, *b = helper(v)``, is named at the
unpacking line (it was a guessed line nearby) with advice about returning as many values on every
path (it was advice about a ``checkpoint=K`` loop state); a ``checkpoint=K`` loop calling
``np.block`` is named at the ``np.block`` line (it was the loop's header: numba's message lists the
step function that failed before the driver line calling it, and the last line it named was kept)."""
import numpy as np
import pytest

import s2sad
from s2sad import JitError

pytestmark = pytest.mark.jit


@pytest.fixture(autouse=True)
def _own_caches(tmp_path, monkeypatch):
    import numba
    monkeypatch.setenv("S2SAD_CACHE_DIR", str(tmp_path / "s"))
    monkeypatch.setattr(numba.core.config, "CACHE_DIR", str(tmp_path / "n"))


def branchy(v):
    if v[0] > 0:
        return v * 2.0, v[1], v[2]
    return v, v[1] * 2.0


def unpacked_star(v):
    a, *b = branchy(v)
    return np.sum(a) * b[0] + len(b)


def blocks_in_a_checkpointed_loop(A):
    s = 0.0
    for i in range(3):
        M = np.block([[A, A * s], [A, A]])
        s = s + np.sum(M ** 2) * 0.01
    return s


def _line_of(func, text):
    import inspect
    lines, first = inspect.getsourcelines(func)
    return first + [ln.strip() for ln in lines].index(text)


def test_tuples_of_different_lengths_name_the_unpacking_and_say_what_to_write():
    x = np.array([0.5, 1.0, 2.0])
    np.testing.assert_allclose(s2sad.grad(unpacked_star)(x), [2.0, 9.0, 2.0])
    with pytest.raises(JitError) as info:
        s2sad.grad(unpacked_star, jit=True)(x)
    text = str(info.value)
    assert f'File "{__file__}", line {_line_of(unpacked_star, "a, *b = branchy(v)")}, column 5' in text
    assert "3 items on one path and of 2 items on another" in text and "checkpoint" not in text, text


def test_a_checkpointed_loop_names_the_line_numba_lacks_a_function_for():
    A = np.arange(4.0).reshape(2, 2) + 0.5
    with pytest.raises(JitError) as info:
        s2sad.grad(blocks_in_a_checkpointed_loop, checkpoint=2, jit=True)(A)
    text = str(info.value)
    line = _line_of(blocks_in_a_checkpointed_loop, "M = np.block([[A, A * s], [A, A]])")
    assert f'File "{__file__}", line {line}, column 13' in text and "np.block" in text
    assert "probably" not in text


def written_through_a_list(w):
    cols = [w[:2].copy(), w[2:4].copy()]
    M = np.column_stack(cols)
    cols[0][0] = 100.0
    return np.sum(M) + cols[0][0] * w[4]


def test_a_write_into_an_array_a_list_holds_is_named_with_what_to_write():
    """The fused loops took the adjoint of the list for a 2-d array (`b_cols.shape`, reported at the
    `return` line as "numba does not support `shape` of list(array...)")."""
    w = np.linspace(0.1, 0.5, 5)
    np.testing.assert_allclose(s2sad.grad(written_through_a_list)(w), [1.0, 1.0, 1.0, 1.0, 100.0])
    with pytest.raises(JitError) as info:
        s2sad.grad(written_through_a_list, jit=True)(w)
    text = str(info.value)
    assert f'File "{__file__}", line {_line_of(written_through_a_list, "cols[0][0] = 100.0")}, column 5' in text
    assert "np.stack" in text and "`shape` of list" not in text, text
