"""The guard of an adjoint checked inside its compiled driver, for numba's C call path.

An adjoint that inlined or calls the user's helper functions was built for those functions
as they were: its guard (:mod:`s2sad.scope_guard`) must pass before each call. The fast
Python call path (:mod:`s2sad.backends.fastcall`) used to run that guard in Python between
two C type dispatches: about a quarter of the sigmoid net's gradient call. Here the driver
runs it itself. ``_s2sad_live_grad(x, y)`` (``drivers.driver_defs(..., live=True)``) is
the driver ``_s2sad_grad`` whose adjoint call is::

    if _s2sad_live():                   # the module's `_s2sad_guard` passes
        r = f_adjoint(x, y, 1.0)
    else:                               # the checking path's result, in the adjoint's types
        r = _s2sad_recall((x, y, 1.0), (x, y))

Both calls go through the C API with the module's globals (numba's environment of the
driver), never through addresses baked into the machine code, which stays cacheable on disk.

Invariant: a live driver runs its adjoint only after the guard of the last adjoint built into
its module returned ``()`` (a module is shared only by adjoints of the same text and globals);
when the guard fails (or raises), every gradient function that learned a driver of the module
forgets its fast paths (``enlist``) and the call's result is the checking path's (which
rebuilds the adjoint), given to the driver in the adjoint's own numba types, or a
StaleAdjointError when it no longer has them.
"""
import sys
import weakref

import numpy as np
from llvmlite import ir
from numba import types
from numba.core import cgutils
from numba.core.typing import signature
from numba.extending import intrinsic
from numba.np.numpy_support import as_dtype

from ..errors import StaleAdjointError

GUARD = "_s2sad_guard"          # module globals the compiled drivers read ([guard] and a function)
HOLDER_CACHE = "_s2sad_guard_holder"    # the machine code's copy of the holder's address
RECALL = "_s2sad_recall_py"
OWNERS = "_s2sad_owners"
PREFIX = "live_"                # a live driver's kind: "live_grad", "live_vjp_tuple"...


@intrinsic
def live(typingctx):
    """True if the guard in the module's ``_s2sad_guard`` holder (a list, never rebound: the
    machine code keeps its address, looked up once per process in a global of its own)
    returns anything but None (the guard of an adjoint without data parameters returns ``()``
    when it passes); False if it fails or raises. The caller holds the GIL: live drivers are
    called by numba's C dispatch only, from Python (about 0.05 us besides the guard)."""
    def codegen(context, builder, sig, args):
        pyapi = context.get_python_api(builder)
        cache = builder.module.globals.get(HOLDER_CACHE)
        if cache is None:
            cache = ir.GlobalVariable(builder.module, pyapi.pyobj, HOLDER_CACHE)
            cache.linkage = "internal"
            cache.initializer = ir.Constant(pyapi.pyobj, None)
        with builder.if_then(cgutils.is_null(builder, builder.load(cache)), likely=False):
            env = context.get_env_manager(builder)
            builder.store(pyapi.dict_getitem_string(env.env_body.globals, GUARD), cache)
        ok = cgutils.alloca_once_value(builder, cgutils.false_bit)
        holder = builder.load(cache)
        with builder.if_then(cgutils.is_not_null(builder, holder), likely=True):
            guard = _c_call(pyapi, "PyList_GetItem", [holder, ir.Constant(pyapi.py_ssize_t, 0)], pyapi.py_ssize_t)
            res = _c_call(pyapi, "PyObject_CallNoArgs", [guard])
            with builder.if_else(cgutils.is_null(builder, res), likely=False) as (raised, returned):
                with raised:
                    pyapi.err_clear()       # said by the checking path, which runs the guard again
                with returned:
                    builder.store(builder.icmp_unsigned("!=", res, pyapi.borrow_none()), ok)
                    pyapi.decref(res)
        return builder.load(ok)
    return types.boolean(), codegen


def _c_call(pyapi, name, args, *more):
    """Call C API function ``name`` taking a PyObject* (and ``more`` types), returning one."""
    fnty = ir.FunctionType(pyapi.pyobj, [pyapi.pyobj, *more])
    return pyapi.builder.call(pyapi._get_function(fnty, name=name), args)


def recall_for(modname, adjoint):
    """The ``recall`` intrinsic of generated module ``modname`` whose adjoint is named
    ``adjoint``: ``recall(args, params)``, of the adjoint's return type for ``args``, is the
    checking path's result for the gradient function called with ``params`` (the module's
    ``_s2sad_recall_py``, told the driver's kind), given in that type. The adjoint is found by
    name when numba types the call: passed as a value, numba would put its address in the
    machine code, which could then not be cached."""
    key = (modname, adjoint)
    if key not in _RECALLS:
        _RECALLS[key] = _recall_intrinsic(modname, adjoint)
    return _RECALLS[key]


_RECALLS = {}


def _recall_intrinsic(modname, adjoint):
    @intrinsic
    def recall(typingctx, args, params):
        disp = getattr(sys.modules[modname], adjoint)
        found = typingctx.resolve_function_type(types.Dispatcher(disp), tuple(args.types), {})
        if found is None:
            return None
        raw = found.return_type
        return signature(raw, args, params), lambda context, builder, sig, llargs: _recall_code(
            context, builder, raw, params, llargs[1])
    return recall


def _recall_code(context, builder, raw, params, packed_params):
    pyapi = context.get_python_api(builder)
    env = context.get_env_manager(builder)
    gil = pyapi.gil_ensure()
    objs = []
    for ty, val in zip(params.types, cgutils.unpack_tuple(builder, packed_params, len(params))):
        context.nrt.incref(builder, ty, val)        # boxing steals a reference
        objs.append(pyapi.from_native_value(ty, val, env))
    packed = pyapi.tuple_pack(objs)
    kind = pyapi.string_from_string(context.insert_const_string(builder.module,
                                                                context.fndesc.qualname.split(".")[-1]))
    like = pyapi.unserialize(pyapi.serialize_object(raw))
    fn = pyapi.dict_getitem_string(env.env_body.globals, RECALL)
    res = pyapi.call_function_objargs(fn, [kind, packed, like])
    for obj in objs + [packed, kind, like]:
        pyapi.decref(obj)
    with builder.if_then(cgutils.is_null(builder, res), likely=False):
        pyapi.gil_release(gil)
        context.call_conv.return_exc(builder)
    native = pyapi.to_native_value(raw, res)
    pyapi.decref(res)
    if callable(native.cleanup):
        native.cleanup()
    pyapi.gil_release(gil)
    with builder.if_then(native.is_error, likely=False):
        context.call_conv.return_exc(builder)
    return native.value


# ------------------------------------------------------------------ the Python side
def bind(module, guard):
    """Give generated module ``module`` (a Python module) the guard its live drivers check
    (that of the adjoint built last into it) and, once, its guard holder, recall function and
    owners."""
    if not hasattr(module, OWNERS):
        owners = weakref.WeakSet()
        setattr(module, OWNERS, owners)
        setattr(module, RECALL, _recaller(owners))
        setattr(module, GUARD, [guard])
    getattr(module, GUARD)[0] = guard


def enlist(module, owner):
    """``owner`` (a gradient function) serves live drivers of ``module`` from C."""
    getattr(module, OWNERS).add(owner)


def _recaller(owners):
    def recall_py(driver, params, raw):
        from .drivers import bare_kind
        kind = bare_kind(driver.removeprefix("_s2sad_"))
        callers = [o for o in owners if o.mode + ("_tuple" if o.many else "") == kind]
        for owner in list(owners):
            owner.forget()
        owners.clear()
        if not callers:         # cannot happen: the caller enlisted when it learned the driver
            raise StaleAdjointError(_AGAIN)
        return as_raw(kind, callers[0]._checked_call(*params, ()), raw)
    return recall_py


_AGAIN = ("a helper function or global value that this gradient was compiled with has changed, and the new "
          "gradient does not have the types of the old one; call the gradient function again.")


def as_raw(kind, result, raw):
    """The checking path's ``result`` for a driver of ``kind`` as the adjoint's ``(value,
    *gradients)`` of numba type ``raw`` (a placeholder value where the driver drops it)."""
    many = kind.endswith("_tuple")
    if kind.startswith("value_and_grad"):
        value, grads = result
    else:
        value, grads = None, result
    grads = tuple(grads) if many else (grads,)
    if not isinstance(raw, types.BaseTuple) or len(raw) != 1 + len(grads):
        raise StaleAdjointError(_AGAIN)
    value = _placeholder(raw[0]) if value is None else value
    return tuple(_fit(v, t) for v, t in zip((value,) + grads, raw))


def _placeholder(ty):
    if isinstance(ty, types.Array):
        return np.zeros((0,) * ty.ndim, dtype=as_dtype(ty.dtype))
    if isinstance(ty, types.BaseTuple):
        return tuple(_placeholder(t) for t in ty)
    if isinstance(ty, (types.Float, types.Integer, types.Boolean)):
        return as_dtype(ty).type(0).item()
    raise StaleAdjointError(_AGAIN)


def _fit(value, ty):
    """``value`` in a form numba unboxes as ``ty`` without reading past its memory."""
    if isinstance(ty, types.Array):
        if isinstance(value, np.ndarray) and value.ndim == ty.ndim and value.dtype == as_dtype(ty.dtype):
            if ty.layout == "F":
                return np.asfortranarray(value)
            return np.ascontiguousarray(value) if ty.layout == "C" else value
    elif isinstance(ty, (types.Float, types.Integer, types.Boolean)):
        if np.ndim(value) == 0 and not isinstance(value, np.ndarray):
            return value
    elif isinstance(ty, types.BaseTuple):
        if isinstance(value, tuple) and len(value) == len(ty):
            return tuple(_fit(v, t) for v, t in zip(value, ty))
    raise StaleAdjointError(_AGAIN)
