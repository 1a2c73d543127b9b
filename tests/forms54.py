"""What stop 54's tests of lifted forms share (tests/frontend/test_record_*54.py,
test_rows_zip54.py, test_tolist_loops54.py): the dataclass ``State`` and the point and direction
the record tests check at, and the tests of a lifted loop form (grad and jvp against central
differences; the compiled gradient against the Python one, compiled into empty caches)."""
from dataclasses import dataclass

import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_jvp

X = np.array([0.3, -0.2, 0.5])
V = np.array([0.7, 0.4, -1.2])


@dataclass
class State:
    p: np.ndarray
    v: np.ndarray


def lifted_loop_tests(forms, compiled, x, v):
    """The two tests of a lifted loop form, for a test module to bind to its names
    ``test_grad_and_jvp_against_differences, test_jit = lifted_loop_tests(...)``: grad and jvp of
    each of ``forms`` against central differences at ``x`` along ``v``; ``grad(compiled, jit=True)``
    equal to ``grad(compiled)``, compiled into caches of its own."""
    @pytest.mark.parametrize("f", forms, ids=lambda f: f.__name__)
    def grad_and_jvp(f):
        check_grad(f, x)
        check_jvp(f, x, tangent=v)

    def jit(tmp_path, monkeypatch):
        import numba
        monkeypatch.setenv("S2SAD_CACHE_DIR", str(tmp_path / "s"))
        monkeypatch.setattr(numba.core.config, "CACHE_DIR", str(tmp_path / "n"))
        np.testing.assert_allclose(s2sad.grad(compiled, jit=True)(x), s2sad.grad(compiled)(x), rtol=1e-12)
    return grad_and_jvp, jit
