"""The generated module's functions (s2sad/backends/jit_module.py) are compiled without numba's
C-callable wrapper (``no_cfunc_wrapper``): nothing takes their C address, and building it cost
about a fifth of a small adjoint's compile. Python still calls them through the CPython wrapper
(the checking path, the fast call path), numba code (``g.compiled``) directly."""
import pytest

numba = pytest.importorskip("numba")

import s2sad


def cube_plus(x, y):
    return x * y + y ** 3


def test_no_c_wrapper_and_every_caller_still_served(tmp_path, monkeypatch):
    monkeypatch.setenv("S2SAD_CACHE_DIR", str(tmp_path))     # compiled here, not loaded from disk
    g = s2sad.grad(cube_plus, wrt=(0, 1), jit=True)
    for _ in range(3):          # the checking path, then the learned driver (fastcall)
        assert g(2.0, 3.0) == (3.0, 29.0)
    adjoint = g._built_now().dispatcher
    compiled = list(adjoint.overloads.values()) + list(g._learned.values())
    assert len(compiled) == 2   # the adjoint and the grad driver
    for cres in compiled:
        ir = cres.library.get_llvm_str()
        assert cres.fndesc.llvm_cpython_wrapper_name in ir
        assert cres.fndesc.llvm_cfunc_wrapper_name not in ir
    grad = g.compiled

    @numba.njit
    def use(a, b):
        return grad(a, b)
    assert use(2.0, 3.0) == (3.0, 29.0)
