"""SciPy's own compiled special functions called from numba code: ``scipy.special.cython_special``'s
C functions (the Bessel functions ``j0`` ... ``kve``, ``erfinv``, ``erfcinv``, ``ndtri``), declared as
external symbols of numba code (``extern1``/``extern2``: numba intrinsics of one or two numbers).

Invariant: a compiled call computes SciPy's value bit for bit, since it calls the very C function
SciPy's ufunc calls (found with ``numba.extending.get_cython_function_address``). The function is
linked by *name* (``llvmlite.binding.add_symbol``), never baked in as an address, so numba's disk
cache stays valid across processes (a ctypes pointer constant is a "dynamic global", which
numba does not cache). A name is registered (``register``) before numba compiles code that calls
it (when the intrinsic is typed) and before a cached copy of such code is loaded
(``jit_module.load`` calls ``register_for`` with the objects the adjoint reads, ``uses`` marks those that need it); registering
imports ``scipy.special.cython_special``: without SciPy the intrinsics have no implementation
(numba's ``TypingError``, reported as a located ``JitError``).
"""
import sys

import llvmlite.binding as llvm
from llvmlite import ir
from numba import types
from numba.core import cgutils
from numba.extending import intrinsic

PREFIX = "s2sad_cython_special_"
# SciPy's name -> (cython_special's C name, number of arguments): its double-precision version
SYMBOLS = {name: (name, 1) for name in ("j0", "j1", "y0", "y1", "i0", "i1", "i0e", "i1e",
                                        "k0", "k1", "k0e", "k1e", "erfcinv", "ndtri")}
SYMBOLS.update({"erfinv": ("__pyx_fuse_0erfinv", 1), "kn": ("__pyx_fuse_0kn", 2), "yn": ("__pyx_fuse_0yn", 2)})
SYMBOLS.update({name: (f"__pyx_fuse_1{name}", 2) for name in ("jv", "yv", "iv", "kv", "ive", "kve")})
_REGISTERED = []
_USERS = set()      # ids of the objects whose numba versions call SciPy's C code


def register():
    """Make every ``SYMBOLS`` function known to LLVM by name (once); False without SciPy."""
    if not _REGISTERED:
        try:
            from numba.extending import get_cython_function_address
            for name, (cname, _) in SYMBOLS.items():
                llvm.add_symbol(PREFIX + name, get_cython_function_address("scipy.special.cython_special", cname))
        except (ImportError, ValueError):
            return False
        _REGISTERED.append(True)
    return True


def uses(obj):
    """Record ``obj`` (a scipy.special function, an s2sad helper) as calling SciPy's C code; ``obj``."""
    _USERS.add(id(obj))
    return obj


def register_for(objects):
    """``register`` before numba compiles or loads an adjoint whose names refer to ``objects``: when
    scipy.special is imported (its functions may be reached through any module name) or one of
    ``objects`` is recorded by ``uses`` (``np.i0``'s slope calls SciPy's ``iv``)."""
    if not _REGISTERED and ("scipy.special" in sys.modules or any(id(o) in _USERS for o in objects)):
        register()


def _caller(name, nargs):
    """The code generator calling ``PREFIX + name`` (C: ``double f(double..., int skip_dispatch)``)."""
    def codegen(context, builder, sig, args):
        d = ir.DoubleType()
        fn = cgutils.get_or_insert_function(builder.module, ir.FunctionType(d, [d] * nargs + [ir.IntType(32)]),
                                            PREFIX + name)
        values = [context.cast(builder, a, t, types.float64) for a, t in zip(args, sig.args)]
        return builder.call(fn, values + [ir.Constant(ir.IntType(32), 0)])
    return codegen


def extern1(name):
    """A numba intrinsic: SciPy's ``name`` of one real number (a float)."""
    @intrinsic
    def call(typingctx, x):
        if isinstance(x, (types.Float, types.Integer)) and register():
            return types.float64(x), _caller(name, 1)
    return call


def extern2(name):
    """A numba intrinsic: SciPy's ``name`` of two real numbers (an order, ``x``)."""
    @intrinsic
    def call(typingctx, v, x):
        if all(isinstance(t, (types.Float, types.Integer)) for t in (v, x)) and register():
            return types.float64(v, x), _caller(name, 2)
    return call


EXTERN = {name: (extern1 if nargs == 1 else extern2)(name) for name, (_, nargs) in SYMBOLS.items()}
"""SciPy's name -> its numba intrinsic."""
