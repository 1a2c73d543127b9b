"""Arrays handed back to Python by the fast call path's drivers, boxed without numba's unpickle.

numba turns an array a compiled function returns into a NumPy array (``box_array``) by
calling ``NRT_adapt_ndarray_to_python_acqref`` with the Python type to create, and that type
is unpickled at each call (``pyapi.unserialize``: two bytes objects, an int and a call of
the Python function ``numba.core.serialize._numba_unpickle``, whose memo is keyed by a fresh
tuple). For the sigmoid net's gradient (two 2-element arrays) that was about half the call
(0.5 us per array, on a machine where the primal takes 0.6 us).

``boxed(g)`` in a driver retypes array ``g`` as :class:`Boxed` (the same data, the same
model): its boxer makes the same call with ``np.ndarray``'s address, which numba's linker
resolves when it loads the machine code (``llvm.add_symbol``, as ``drivers._is_plain`` does),
so the code stays cacheable on disk. Only the fast path's drivers (:mod:`.fastcall`) use it:
``g.compiled`` returns plain arrays to the user's numba code.
"""
import llvmlite.binding as llvm
import numpy as np
from llvmlite import ir
from numba import types
from numba.core import cgutils
from numba.core.datamodel.models import ArrayModel
from numba.extending import box, intrinsic, overload, register_model
from numba.np.numpy_support import as_dtype

NDARRAY = "s2sad_boxed_ndarray_type"
llvm.add_symbol(NDARRAY, id(np.ndarray))


class Boxed(types.Array):
    """An array on its way back to Python (a driver's result): boxed by :func:`_box`."""

    def __init__(self, dtype, ndim, layout, readonly=False, aligned=True):
        super().__init__(dtype, ndim, layout, readonly=readonly, aligned=aligned,
                         name=f"boxed array({dtype}, {ndim}d, {layout})")

    def copy(self, dtype=None, ndim=None, layout=None, readonly=None):
        return types.Array(dtype or self.dtype, ndim or self.ndim, layout or self.layout,
                           readonly=not self.mutable if readonly is None else readonly, aligned=self.aligned)


register_model(Boxed)(ArrayModel)


@box(Boxed)
def _box(typ, val, c):
    """``box_array`` with ``np.ndarray`` read from a linked symbol instead of unpickled."""
    dtype = c.env_manager.read_const(c.env_manager.add_const(as_dtype(typ.dtype)))
    module = c.builder.module
    sym = module.globals.get(NDARRAY) or ir.GlobalVariable(module, ir.IntType(8), NDARRAY)
    i32 = ir.IntType(32)
    fnty = ir.FunctionType(c.pyapi.pyobj, [c.pyapi.voidptr, c.pyapi.pyobj, i32, i32, c.pyapi.pyobj])
    fn = c.pyapi._get_function(fnty, name="NRT_adapt_ndarray_to_python_acqref")
    ptr = cgutils.alloca_once_value(c.builder, val)
    out = c.builder.call(fn, [c.builder.bitcast(ptr, c.pyapi.voidptr), c.builder.bitcast(sym, c.pyapi.pyobj),
                              ir.Constant(i32, typ.ndim), ir.Constant(i32, int(typ.mutable)), dtype])
    c.context.nrt.decref(c.builder, typ, val)     # the new array holds the reference (acqref)
    return out


def boxed(x):
    """``x``, returned to Python by a fast-path driver (identity outside numba)."""
    return x


@intrinsic
def _retype(typingctx, x):
    def codegen(context, builder, sig, args):
        context.nrt.incref(builder, sig.args[0], args[0])
        return args[0]
    return Boxed(x.dtype, x.ndim, x.layout, readonly=not x.mutable, aligned=x.aligned)(x), codegen


@overload(boxed)
def _ov_boxed(x):
    if isinstance(x, types.Array) and not isinstance(x, Boxed):
        return lambda x: _retype(x)
    return lambda x: x
