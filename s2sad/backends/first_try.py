"""The checking path's adjoint without its broadcasting fallbacks (first-call compile time).

Each fused loop (:mod:`.loopfuse`, :mod:`.fuse`, :mod:`.primal_inplace`) is written
``if <same shapes>: <loop> else: <the statements as written>``; the ``else`` runs only when
NumPy broadcasting is needed, except :mod:`.primal_inplace`'s (marked ``FIRST_PASS``), which
also runs a loop's first pass and the passes whose arrays changed shape (a shrinking loop,
de Casteljau's): the copy keeps those, which call only what the first pass calls. It also keeps
the ``else`` of a loop reading an array with a size-1 axis by construction (a ``keepdims=True``
reduction: batch norm's ``(X - mu) / np.sqrt(var + eps)``, :func:`size_one_names`), which
broadcasts at every call: raising there made such adjoints compile twice. numba compiles every branch when it compiles the adjoint:
shared or inline, the fallbacks' broadcasting kernels, reductions and shape-mismatch paths
were about 0.9 of linreg MSE's 1.1 s first call, and a sixth or more of the ODE's.

:func:`optimistic` is a copy of the adjoint, named ``PREFIX + <adjoint>``, in which each such
``else`` raises :class:`BroadcastNeeded` instead (numba never types the shared function the
``else`` called, unless a first pass still calls it), through a call of
:func:`s2sad.backends.numba_helpers.numba_first_try.broadcast_needed`: a ``raise`` written in
each ``else`` made GMM d=10's copy a quarter slower warm than the adjoint. Python calls of the gradient (the
checking path, :class:`s2sad.backends.jit._JitAdjoint`) run this copy while it works: on the
first :class:`BroadcastNeeded`, or any other exception, they switch for good to the adjoint
itself and run the same call again from the start, so results and error messages are the
adjoint's. Running again is the same computation because the adjoint is pure: it writes no
argument (parameters it writes are copied on entry) and no global (:func:`retry_safe`), and
draws no random numbers. Drivers and ``g.compiled`` call the adjoint itself (numba code
cannot switch), so they compile it when they are first compiled. ``minimize``'s descent loops,
which inline the adjoint, have copies of their own made the same way, switched from Python
(:mod:`s2sad.tools.descent_try`).
"""
import ast
import types

import numpy as np

from .. import astutil as A
from .primal_inplace import FIRST_PASS

PREFIX = "_s2sad_try_"
NEED_NAME = "_s2sad_broadcast_needed"     # what the copy calls, imported under this name:
IMPORT_NEED = ("from s2sad.backends.numba_helpers.numba_first_try import broadcast_needed as "
               + NEED_NAME)


class BroadcastNeeded(Exception):
    """Raised by the optimistic adjoint where it would have broadcast (never seen by users)."""


def retry_safe(built):
    """True if running ``built``'s adjoint twice on the same arguments is the same as once: it
    writes no global array (``built.written`` names only parameters it copies on entry, the
    globals it writes are among them) and draws no random numbers (``built.redraws``)."""
    if getattr(built, "redraws", None) is not None or _prints_or_calls_user_code(built):
        return False
    params = set(getattr(built, "params", ()))
    return all(name in params for name in getattr(built, "written", ()) or ())


def _prints_or_calls_user_code(built):
    """True if the adjoint calls ``print`` (a second run would print again) or a Python function
    that is not NumPy's, SciPy's or s2sad's (the user's helper, compiled by numba as written: what
    it does besides returning is not known here)."""
    trees = [built.tree] + list(getattr(built, "companions", ()))
    for node in (n for tree in trees for n in ast.walk(tree)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            obj = built.namespace.get(node.func.id, print if node.func.id == "print" else None)
            if obj is print or isinstance(obj, types.FunctionType) \
                    and not (obj.__module__ or "").startswith(("s2sad.", "numpy", "scipy")):
                return True
    return False


def retry_safe_values(args):
    """True if the call's values are numbers, NumPy arrays and tuples of them: numba hands a list
    (a reflected list) to the compiled code to change in place, an ``append`` of the first try
    would stay in the caller's list and the second run would append again."""
    return all(isinstance(a, _PLAIN) or type(a) is tuple and retry_safe_values(a) for a in args)


_PLAIN = (float, int, complex, np.ndarray, np.generic)


def optimistic(fdef):
    """The copy of ``fdef`` (its fallback ``If`` nodes marked ``_s2sad_fallback``) whose
    fallback branches call ``broadcast_needed()`` (which raises), or None if it has none."""
    copy = A.clone(fdef)
    changed, size_one = False, size_one_names(fdef)
    for node in ast.walk(copy):     # (clone keeps the marks)
        mark = getattr(node, "_s2sad_fallback", False)
        if mark and mark != FIRST_PASS and not size_one & set(A.names_in(node.test)):
            node.orelse = [A.at(ast.Expr(ast.Call(A.name(NEED_NAME), [], [])), node)]
            changed = True
    if not changed:
        return None
    copy.name = PREFIX + fdef.name
    return copy


def size_one_names(fdef):
    """Names of ``fdef`` some assignment binds to an array with a size-1 axis by construction:
    a reduction with ``keepdims=True`` (batch norm's ``mu = X.mean(axis=0, keepdims=True)``), an
    elementwise function of such arrays and numbers only (``np.sqrt(var + eps)``), and
    ``unbroadcast(g, t)`` of such a ``t`` (its adjoint). A fused loop reading one broadcasts at
    every call (unless that axis has length 1 anyway): the copy keeps that loop's ``else``, which
    the first call would otherwise always fail on, compiling the adjoint a second time. Keeping
    an ``else`` is never wrong (it is the statements as written), so the set may be too large
    (flow-insensitive: any assignment counts)."""
    assigns = [(n.targets[0].id, n.value) for n in ast.walk(fdef) if isinstance(n, ast.Assign)
               and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name)]
    found, grown = set(), True
    while grown:
        new = {name for name, value in assigns if name not in found and _size_one(value, found)}
        found |= new
        grown = bool(new)
    return found


def _size_one(e, found):
    if isinstance(e, ast.Call) and any(k.arg == "keepdims" and isinstance(k.value, ast.Constant)
                                       and k.value.value is True for k in e.keywords):
        return True
    if isinstance(e, ast.Call) and isinstance(e.func, ast.Name) and e.func.id.endswith("unbroadcast") \
            and len(e.args) == 2 and not e.keywords:
        return isinstance(e.args[1], ast.Name) and e.args[1].id in found
    if isinstance(e, ast.Name):
        return e.id in found
    if isinstance(e, ast.BinOp):
        return _size_one_or_number(e.left, found) and _size_one_or_number(e.right, found) \
            and (_size_one(e.left, found) or _size_one(e.right, found))
    if isinstance(e, ast.UnaryOp):
        return _size_one(e.operand, found)
    if isinstance(e, ast.Call) and isinstance(e.func, ast.Attribute) and isinstance(e.func.value, ast.Name) \
            and e.func.value.id == "np" and isinstance(getattr(np, e.func.attr, None), np.ufunc) and not e.keywords:
        return all(_size_one_or_number(a, found) for a in e.args) and any(_size_one(a, found) for a in e.args)
    return False


def _size_one_or_number(e, found):
    return isinstance(e, ast.Constant) and isinstance(e.value, (int, float)) or _size_one(e, found)
