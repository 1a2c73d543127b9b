"""``jvp(..., jit=True).compiled`` and ``hvp``'s: the generated forward function's numba
dispatcher behind a driver that checks each tangent's shape against its argument's.

Invariant: the dispatcher returned takes what the generated function takes (``(*params,
*globals it reads, *tangents)``, the tangents of the ``wrt`` parameters last, in order) and returns
what it returns; before calling it, each tangent has its argument's shape (s2sad's
``ShapeError`` otherwise: ``dout_fits.fits``) and no argument is an ndarray subclass. Without
it, a tangent of shape (1,) for an argument of shape (3,) was broadcast by the compiled code: the
jvp along ``np.ones(3)`` where the Python call refuses the tangent."""
import ast
import inspect

import numba

from .. import astutil as A
from .drivers import plain_inline
from .dout_fits import fits
from .emit import compile_function

RAW = "_s2sad_raw"


def checked(dispatcher, wrt, fname, mode):
    """A numba dispatcher calling ``dispatcher`` (the generated ``mode`` function of ``fname``,
    differentiated in the parameters named ``wrt``) after the checks."""
    args = list(inspect.signature(dispatcher.py_func).parameters)
    tangents = args[len(args) - len(wrt):]
    what = "tangent" if mode == "jvp" else "vector"
    body = [ast.Expr(value=A.call("_s2sad_plain", A.name(a), A.const(f"{fname}(): argument `{a}`")))
            for a in args[:len(args) - len(wrt)]]
    body += [ast.Expr(value=A.call("_s2sad_fits", A.name(p), A.name(t), A.const(
        f"{mode}_{fname}: the {what} for `{p}` does not have the argument's shape; pass a {what} shaped "
        f"like `{p}`."))) for p, t in zip(wrt, tangents)]
    body.append(ast.Return(value=A.call(RAW, *[A.name(a) for a in args])))
    fdef = ast.FunctionDef(name=f"{mode}_{fname}_checked", args=ast.arguments(
        posonlyargs=[], args=[ast.arg(arg=a) for a in args], vararg=None, kwonlyargs=[], kw_defaults=[],
        kwarg=None, defaults=[]), body=body, decorator_list=[], returns=None, type_params=[])
    namespace = {RAW: dispatcher, "_s2sad_fits": fits, "_s2sad_plain": plain_inline}
    _, function, _ = compile_function(fdef, namespace, f"{mode} {fname} (checked)")
    return numba.njit(function)
