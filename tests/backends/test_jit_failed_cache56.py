"""A jit compile that failed is remembered on disk (s2sad/backends/jit_failed_cache.py).

numba caches machine code, never a failure: an adjoint refused under jit was typed again by every
process that asked for it (and so were the failed first tries and retries before a compile that
worked), only to fail the same way. Now the next process raises the same error without numba
compiling anything; a run-time error of compiled code, and modules naming code the cache key does
not cover (a user's numba function), are never remembered.
"""
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import s2sad
from s2sad.backends import jit_module
from s2sad.backends.errors import JitError
from s2sad.testing import check_grad

pytestmark = pytest.mark.jit


def quadrants(x):
    A = np.outer(x[:2], x[2:4])
    M = np.block([[A, A * 2.0], [A, A]])      # numba: no np.block of nested lists
    return np.sum(M * M * x[4])


def divide(x, y):
    return x / y


def n_unique(x):
    return len(np.unique(x, return_counts=True)[0])     # numba has no return_counts=


s2sad.nondifferentiable(n_unique)


def scaled_by_uniques(x):
    return n_unique(x) * np.sum(x * x)


class Compiles:
    """Names of the functions numba compiles (its ``numba:compile`` events) inside the block."""

    def __enter__(self):
        from numba.core import event
        self.names = []
        names = self.names

        class Listener(event.Listener):
            def on_start(self, ev):
                pass

            def on_end(self, ev):
                names.append(getattr(getattr(ev.data.get("dispatcher"), "py_func", None), "__name__", "?"))
        self.listener = Listener()
        event.register("numba:compile", self.listener)
        return self

    def __exit__(self, *exc):
        from numba.core import event
        event.unregister("numba:compile", self.listener)


def _refusal(f, *args):
    with pytest.raises(JitError) as info:
        s2sad.grad(f, jit=True)(*args)
    return str(info.value)


def _forget_this_process(monkeypatch):
    """As a new process: no loaded module, no dispatcher, no failure known in memory."""
    jit_module.clear_memory_cache()
    remembered = sys.modules.get("s2sad.backends.jit_failed_cache")
    if remembered is not None:
        monkeypatch.setattr(remembered, "_MEMORY", {})


def test_a_refused_adjoint_is_refused_again_without_compiling(empty_caches, monkeypatch):
    x = np.linspace(-1.0, 1.0, 5)
    first = _refusal(quadrants, x)
    assert "M = np.block([[A, A * 2.0], [A, A]])" in first and "jit=False" in first
    _forget_this_process(monkeypatch)
    with Compiles() as seen:
        again = _refusal(quadrants, x)
    assert again == first
    assert seen.names == []
    assert os.listdir(empty_caches / "s" / "failed")
    check_grad(quadrants, x)                         # jit=False: the gradient, right


def test_the_next_process_refuses_without_compiling(empty_caches):
    """The claim itself: a second process, the same cache directories."""
    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {os.path.dirname(__file__)!r})
        import numpy as np, s2sad
        from test_jit_failed_cache56 import quadrants, Compiles
        with Compiles() as seen:
            try:
                s2sad.grad(quadrants, jit=True)(np.linspace(-1.0, 1.0, 5))
            except s2sad.errors.S2sadError as err:
                print(str(err))
        print("COMPILED", len(seen.names))
    """)
    env = dict(os.environ, S2SAD_CACHE_DIR=str(empty_caches / "s"), NUMBA_CACHE_DIR=str(empty_caches / "n"))
    runs = [subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
            for _ in range(2)]
    (said, compiled), (said_again, compiled_again) = (r.stdout.rsplit("COMPILED", 1) for r in runs)
    assert "numba could not compile the adjoint of `quadrants`" in said and said_again == said
    assert int(compiled) > 0 and int(compiled_again) == 0


def test_a_run_time_error_is_not_remembered(empty_caches):
    g = s2sad.grad(divide, wrt=(0, 1), jit=True)
    with pytest.raises(ZeroDivisionError):
        g(1.0, 0.0)                              # raised by the compiled code, as in Python
    np.testing.assert_allclose(g(3.0, 2.0), (0.5, -0.75), rtol=1e-12)
    assert not (empty_caches / "s" / "failed").exists()


def test_a_module_naming_a_users_numba_function_is_not_remembered(empty_caches, monkeypatch):
    """Its code is not in the cache key: an edit of it could cure the failure unseen."""
    x = np.array([1.0, 2.0, 2.0])
    first = _refusal(scaled_by_uniques, x)
    assert "n_unique" in first or "unique" in first
    assert not (empty_caches / "s" / "failed").exists()
    _forget_this_process(monkeypatch)
    with Compiles() as seen:
        assert _refusal(scaled_by_uniques, x) == first
    assert seen.names                            # compiled (and failed) again
    np.testing.assert_allclose(s2sad.grad(scaled_by_uniques)(x), 2 * 2 * x, rtol=1e-12)
