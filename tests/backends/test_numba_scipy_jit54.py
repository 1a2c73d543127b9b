"""jit=True of scipy.special's Bessel functions and inverse error functions, np.i0 and scipy.signal's
1-d convolve/correlate (issue 8, stop 54; a JitError before): numba calls SciPy's own C functions
(numba_helpers/numba_cython_special.py), so compiled values are SciPy's bit for bit, and the
adjoints they are in stay cached on disk across processes (the functions are linked by name)."""
import os
import subprocess
import sys

import numpy as np
import pytest

special = pytest.importorskip("scipy.special")
signal = pytest.importorskip("scipy.signal")

import s2sad
from s2sad.testing import check_grad, check_jvp

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
X = np.array([0.15, 0.4, 0.7, 0.9])
V = np.array([0.3, -0.2, 0.5, 0.1])
ONE = ("j0", "j1", "y0", "y1", "i0", "i1", "i0e", "i1e", "k0", "k1", "k0e", "k1e", "erfinv", "erfcinv", "ndtri")
TWO = ("jv", "yv", "iv", "kv", "ive", "kve", "jn", "yn", "kn")


def test_compiled_values_are_scipys_bit_for_bit():
    from numba import njit

    from s2sad.backends.numba_helpers import numba_runtime  # noqa: F401  (installs the overloads)

    @njit
    def values(x, v):
        return (special.j0(x), special.j1(x), special.y0(x), special.y1(x), special.i0(x), special.i1(x), special.i0e(x),
                special.i1e(x), special.k0(x), special.k1(x), special.k0e(x), special.k1e(x), special.erfinv(x),
                special.erfcinv(x), special.ndtri(x), special.jv(v, x), special.yv(v, x), special.iv(v, x), special.kv(v, x),
                special.ive(v, x), special.kve(v, x), special.jn(v, x), special.yn(v, x), special.kn(v, x))
    x = np.concatenate([np.linspace(-30.0, 30.0, 601), [0.0, -0.0, np.inf, -np.inf, np.nan, 1e-300, 0.5, -1.0]])
    for v in (0.0, 1.0, 2.5, -1.5):
        with np.errstate(all="ignore"):
            want = [getattr(special, n)(x) for n in ONE] + [getattr(special, n)(v, x) for n in TWO]
        for name, got, w in zip(ONE + TWO, values(x, v), want):
            np.testing.assert_array_equal(got, w, err_msg=name)


def test_compiled_np_i0_and_convolutions():
    from numba import njit

    from s2sad.backends.numba_helpers import numba_runtime  # noqa: F401

    @njit
    def values(x, a, v):
        return (np.i0(x), signal.convolve(a, v), signal.convolve(a, v, "same"), signal.convolve(v, a, "valid"),
                signal.correlate(a, v), signal.correlate(v, a, "same"), signal.correlate(v, a, mode="valid"))
    x = np.linspace(-30.0, 30.0, 601)
    a, v = np.sin(np.arange(7.0)), np.cos(np.arange(3.0))
    got = values(x, a, v)
    np.testing.assert_array_max_ulp(got[0], np.i0(x), maxulp=4)      # NumPy's series, with the C library's exp (not NumPy's own)
    want = (signal.convolve(a, v), signal.convolve(a, v, "same"), signal.convolve(v, a, "valid"), signal.correlate(a, v),
            signal.correlate(v, a, "same"), signal.correlate(v, a, mode="valid"))
    for g, w in zip(got[1:], want):
        np.testing.assert_allclose(g, w, rtol=1e-14, atol=1e-15)


def mixed(x):
    return np.sum(special.jv(2.5, 4 * x) * special.erfinv(x - 0.5)) + np.sum(special.k1(x) ** 2) \
        + np.sum(np.i0(2 * x - 1) * x) + np.sum(signal.correlate(x, x[:2] ** 2, "same") ** 2) + special.ndtri(x[1])


@pytest.mark.parametrize("mode", ["grad", "jvp"])
def test_grad_and_jvp_compile(mode):
    if mode == "grad":
        check_grad(mixed, X, jit=True)
    else:
        check_jvp(mixed, X, tangent=V, jit=True)


def test_two_d_signals_stay_a_located_jit_error():
    with pytest.raises(s2sad.JitError, match=r"line \d+(.|\n)*1-d signals"):
        s2sad.grad(lambda a: np.sum(signal.convolve(a, a[:1])), jit=True)(np.ones((2, 3)))


PROBE = """
import numpy as np, scipy.special as special, s2sad
def f(x):
    return np.sum(special.jv(1.5, x) + special.erfinv(x - 0.5))
print(float(s2sad.grad(f, jit=True)(np.array([0.2, 0.7]))[1]))
"""


def test_cached_adjoint_loads_in_a_new_process(tmp_path):
    """The second process loads the first one's machine code (no compile message) and links SciPy's
    functions by name: a baked-in address would be refused by numba's cache, a missing name crash."""
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""),
               S2SAD_CACHE_DIR=str(tmp_path / "s"), NUMBA_CACHE_DIR=str(tmp_path / "n"))
    (tmp_path / "probe.py").write_text(PROBE)
    runs = [subprocess.run([sys.executable, str(tmp_path / "probe.py")], check=False, cwd=ROOT, env=env, capture_output=True, text=True,
                           timeout=600) for _ in range(2)]
    assert [r.returncode for r in runs] == [0, 0], runs[-1].stderr
    assert "compiling" in runs[0].stderr and "compiling" not in runs[1].stderr
    slope = 0.5 * (special.jv(0.5, 0.7) - special.jv(2.5, 0.7)) + np.sqrt(np.pi) / 2 * np.exp(special.erfinv(0.2) ** 2)
    assert float(runs[1].stdout) == pytest.approx(slope, rel=1e-12) and runs[0].stdout == runs[1].stdout
