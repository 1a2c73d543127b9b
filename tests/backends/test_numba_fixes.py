"""Work-arounds for numba compiler bugs (s2sad/backends/numba_helpers/numba_fixes.py)."""
import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad


def scale_by_an_int(x, k):
    if isinstance(k, int):
        return x * k
    return x * x


def sum_if_array(x, v):
    if isinstance(v, float):
        y = v * x
    else:
        y = np.sum(v * x) * v.shape[0]
    return y * x


@pytest.mark.parametrize("k", [3, 2.0])
def test_isinstance_beside_an_early_return_compiles(k):
    """An early return leaves `result` undefined on one path; numba's isinstance pruning read
    `.name` of that undefined value (AttributeError, a JitError with no line), then assigned it
    ('Unsupported assignment')."""
    g = check_grad(scale_by_an_int, 1.5, k, jit=True)
    assert g == s2sad.grad(scale_by_an_int)(1.5, k) == 3.0     # k = 3 for an int k; 2 * 1.5 for a float


@pytest.mark.parametrize("v", [2.0, np.array([1.0, 2.0])], ids=["float", "array"])
def test_isinstance_still_prunes_the_branch_that_does_not_type(v):
    """`v.shape` does not compile for a float v: numba must still drop that branch."""
    check_grad(sum_if_array, 0.5, v, jit=True)


_COMPILED_FIRST = '''
import numpy as np, numba
numba.njit(lambda a: np.tanh(a))(np.ones(2))    # numba's CPU target (and its NumPy templates) first
import s2sad

def nuclear(X):
    return np.linalg.norm(X, "nuc") + np.sum(np.median(X * X, axis=0))

B = np.arange(6.0).reshape(3, 2) + 1.0
expected = s2sad.grad(nuclear)(B)
got = s2sad.grad(nuclear, jit=True)(B)
assert np.allclose(got, expected, rtol=1e-10, atol=1e-12), (got, expected)
print("ok")
'''


@pytest.mark.jit
def test_overloads_win_when_the_user_compiled_before_s2sad(tmp_path):
    """numba takes the first template that types a call; its own NumPy templates register at
    the first compilation, so in a process that compiled anything before importing s2sad's
    numba runtime, `np.linalg.norm(X, 'nuc')` typed as numba's and raised ValueError at run
    time (a JitError). numba_fixes.ours_first puts s2sad's first; run in a fresh process."""
    import os
    import subprocess
    import sys
    script = tmp_path / "compiled_first.py"
    script.write_text(_COMPILED_FIRST)
    env = dict(os.environ, S2SAD_CACHE_DIR=str(tmp_path / "cache"))
    out = subprocess.run([sys.executable, str(script)], check=False, capture_output=True, text=True, timeout=600,
                         env=env)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr[-2000:]


class _Value:
    """A value numba's typing context keys by a weak reference (as it does functions)."""


def test_reading_numba_globals_survives_a_collection_that_changes_them():
    """ours_first copies numba's global-type table; a weak-reference callback run by the
    garbage collector during the copy (a jitted closure dying) changed the table and the copy
    raised `RuntimeError: dictionary changed size during iteration` into the user's call. Here
    the table is large (a process with many jitted functions: more entries than CPython keeps
    spare pairs, so the copy allocates), a collection runs at nearly every allocation and each
    one adds an entry to the table."""
    import gc

    from numba.core import types
    from numba.core.registry import cpu_target

    from s2sad.backends.numba_helpers import numba_fixes
    ctx = cpu_target.typing_context
    ctx.refresh()
    added = [_Value() for _ in range(5000)]
    for value in added:
        ctx._insert_global(value, types.none)

    def on_collect(phase, info):
        if phase == "start":
            added.append(_Value())
            ctx._insert_global(added[-1], types.none)

    threshold = gc.get_threshold()
    assert gc.isenabled()
    gc.callbacks.append(on_collect)
    gc.set_threshold(1)
    try:
        numba_fixes.ours_first()
    finally:
        gc.set_threshold(*threshold)
        gc.callbacks.remove(on_collect)
        for value in added:
            ctx._remove_global(value)
    assert len(added) > 5000, "no collection ran during ours_first: the test did not exercise the race"
    assert gc.isenabled()
