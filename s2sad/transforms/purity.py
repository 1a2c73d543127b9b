"""Purity: which expressions may be removed or moved (no side effects), and the names they read.

An expression is pure when every call in it is to NumPy (a ufunc or a function of
the ``numpy`` package), to s2sad's run-time helpers, to a function of ``math``, or
to one of the builtins in ``PURE_BUILTINS``; any other call may have a side effect
and is kept where it is. Used by dead-code elimination and copy propagation.

A random draw (``draws``: ``np.random.normal``, a generator's method) is not pure: it advances its
generator, so the draws after it depend on it being run, in its place. Dropped or moved past another
draw (copy propagation of a value read once, dead code of a value nobody reads), it gave the
function's other draws other numbers (stop 49). It also gives other numbers when it runs again: what re-runs the function's code (a checkpointed loop's
steps, ``jacobian`` and ``hessian``'s one sweep per element) refuses it (``draw_calls``,
``redraw_refusal``). So does a call to a library function s2sad does not know to repeat its value
(``repeatable``: ``scipy.stats.norm.rvs`` draws through NumPy's global state; a distribution's other
methods and its freezing call are functions of their arguments): refused, not guessed.
"""
import ast
import builtins
import inspect
import math
import random
import sys
import textwrap
import types

import numpy as np

from .. import astutil as A
from ..analyses.ir import resolve
from ..frontend.resolve import library_function
from ..rules import runtime

PURE_BUILTINS = {len, range, float, int, abs, min, max, bool, round, slice}


def pure(expr, ns):
    """True if evaluating ``expr`` has no effect but its value."""
    for node in A.walk(expr):
        if isinstance(node, ast.Call):
            fn = resolve(ns, node.func)
            if fn is None or draws(fn):
                return False
            if isinstance(fn, np.ufunc) or getattr(fn, "__module__", "") and (
                    str(getattr(fn, "__module__", "")).startswith("numpy")
                    or fn.__module__ == runtime.__name__):
                continue
            if isinstance(fn, types.BuiltinFunctionType) and fn in vars(math).values():
                continue
            if fn in PURE_BUILTINS:
                continue
            return False
    return True


RANDOM_STATES = (np.random.Generator, np.random.RandomState, random.Random)


def draws(fn):
    """True if ``fn`` draws random numbers: two calls with the same arguments give different
    values (a function of ``numpy.random`` or ``random``, a method of a generator). Running
    such a call again (a checkpointed step, one sweep of a Jacobian per element) draws anew."""
    if isinstance(getattr(fn, "__self__", None), RANDOM_STATES):
        return True
    module = str(getattr(fn, "__module__", None) or "")
    return module == "random" or module.startswith("numpy.random")


def repeatable(fn):
    """True if two calls of ``fn`` with the same arguments are known to give the same value: NumPy
    (but ``numpy.random``), ufuncs (``scipy.special``'s too), ``math``, builtins, s2sad's helpers,
    a function with a derivative rule, a method of an array, a number or a builtin container.
    Other library functions are not known (a user's function is read instead: ``may_draw``)."""
    if draws(fn):
        return False
    if isinstance(fn, np.ufunc) or isinstance(getattr(fn, "__self__", None), (np.ndarray, np.generic)):
        return True
    if _scipy_distribution(fn):
        return True
    owner = getattr(fn, "__self__", None)
    module = str(getattr(fn, "__module__", None) or (type(owner).__module__ if owner is not None else ""))
    if module.split(".")[0] in ("numpy", "math", "builtins", "s2sad") or module.startswith("scipy.special"):
        return True
    from ..rules import registry
    return registry.lookup(fn) is not None or registry.is_nondiff(fn)


_CALLING = ("rvs", "expect", "fit")     # a distribution's methods that draw or call the user's function


def _scipy_distribution(fn):
    """A SciPy univariate distribution (``scipy.stats.gamma``) called to freeze it, or a public method
    of one or of a frozen one (``pdf``, ``logpdf``, ``cdf``...): functions of their arguments. Not
    ``rvs``, which draws (through NumPy's global state unless given ``random_state``), nor the
    methods that call a function the user passes (``expect``'s ``func``, ``fit``'s ``optimizer``),
    which may draw: not proven repeatable (``_CALLING``)."""
    stats = sys.modules.get("scipy.stats")
    if stats is None:
        return False
    owner = getattr(fn, "__self__", fn)
    name = getattr(fn, "__name__", "__call__") if owner is not fn else "__call__"
    dist = owner.dist if isinstance(owner, stats.distributions.rv_frozen) else owner
    return isinstance(dist, (stats.rv_continuous, stats.rv_discrete)) \
        and type(dist).__module__.startswith("scipy.stats.") \
        and (name == "__call__" or not name.startswith("_") and name not in _CALLING)   # (not a user's subclass)


def draw_calls(tree, ns):
    """The calls in ``tree`` (a node or a list of statements) that may draw random numbers (see
    ``may_draw``), directly or in a function of the user's they call, or call a function held in
    a variable, in source order. A call s2sad made to a recursive function's split forward
    sweep stands for the user's recursive function."""
    trees = tree if isinstance(tree, list) else [tree]
    return [n for t in trees for n in A.walk(t) if isinstance(n, ast.Call) and (
        may_draw(_callee(n, ns)) or _held(n, ns) or _local_draw(n, ns))]


def _callee(call, ns):
    """The function ``call`` calls: for s2sad's call of a recursive function's split forward
    sweep, the user's function it stands for."""
    return getattr(call, "_s2sad_recursive", None) or resolve(ns, call.func)


def _held(call, ns):
    """``call`` calls a function held in a variable (``draw = RNG.normal; draw()``, ``fns[i](x)``):
    s2sad cannot know which. A method of a local value is not (the front end lowered or refused
    it)."""
    return not isinstance(call.func, ast.Attribute) and _callee(call, ns) is None


# the methods of a random generator (no array, list or dict has a method of these names)
RANDOM_METHODS = frozenset(m for t in RANDOM_STATES for m in dir(t) if not m.startswith("_"))


def _local_draw(call, ns):
    """``rng.random(3)`` of a local or argument ``rng`` (not resolved here), kept by the front end
    where its value has no derivative (``rng.random(3) > 0.5``, a dropout mask): a generator's
    method name, so it may draw anew when it runs again."""
    return isinstance(call.func, ast.Attribute) and call.func.attr in RANDOM_METHODS \
        and _callee(call, ns) is None


def may_draw(fn, seen=None):
    """``fn`` may give another value when it runs again: it draws (``draws``), it is a library
    function not known to repeat its value (``repeatable``), or it is a function of the user's
    whose source calls one that may draw (a helper the adjoint calls as it is runs again with each
    sweep), or whose source cannot be read. Names are looked up in the helper's globals; a method
    of an argument is not followed (None: not resolved); each helper is read once."""
    seen = set() if seen is None else seen
    if fn is None or id(fn) in seen:
        return False
    if not isinstance(fn, types.FunctionType) or library_function(fn):
        return not _callable_class(fn) and not repeatable(fn)
    seen.add(id(fn))
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    except (OSError, TypeError, SyntaxError):
        return True
    scope = {**vars(builtins), **fn.__globals__}
    return any(isinstance(node, ast.Call) and may_draw(_lookup(scope, node.func), seen) for node in ast.walk(tree))


def rerun_what(node, ns):
    """How a refusal names the call ``node`` that ``may_draw``: a random draw, or a call s2sad cannot
    tell repeats its value."""
    fn = _callee(node, ns)
    if draws(fn):
        return "a random draw"
    if _local_draw(node, ns):
        return (f"a call `.{node.func.attr}()` of a local value or argument, a random generator's method "
                f"(a draw),")
    if fn is None:
        return (f"a call to `{ast.unparse(node.func)}`, a function held in a variable, which s2sad cannot "
                f"tell gives the same value when it runs again (a random draw would not),")
    if isinstance(fn, types.FunctionType) and not library_function(fn):
        return (f"a call to your function `{fn.__name__}`, which may draw random numbers (it calls, or a "
                f"function it calls calls, a random draw or a function s2sad cannot tell repeats its value)")
    return (f"a call to `{A.dotted_path(node.func) or getattr(fn, '__name__', 'a function')}`, which s2sad "
            f"cannot tell gives the same value when it runs again (a random draw would not),")


def rerun_effect(node, ns):
    """Why running ``node`` again (a checkpointed loop's step) breaks the gradient, and what to
    write instead: a draw draws other numbers; another call s2sad cannot tell repeats its value
    (``heapq.heappop`` changes its list, a library function may keep state) may give another."""
    if draws(_callee(node, ns)) or _local_draw(node, ns):
        return ("a step run again would draw other numbers, and the gradient would mix the two draws",
                f"Draw the numbers before the loop ({_drawn_before(node, ns)}) and read `noise[i]` in it")
    why = ("a step is run again from a snapshot of the loop's state, and a call that gives another value the "
           "second time (a random draw, a call that changes its arguments or keeps state) would mix two values "
           "in the gradient")
    return why, "Make the call before the loop and read its results in it"


def _drawn_before(node, ns):
    """The user's own draw made for every step at once: ``rng.normal(..., size=n)`` of their
    generator (its name translated back by ``names.users_names``), ``np.random.uniform(...)``; Python's
    ``random`` draws one number per call: a list of them."""
    path = A.dotted_path(node.func) or f"rng.{getattr(node.func, 'attr', 'normal')}"
    fn = _callee(node, ns)
    if isinstance(getattr(fn, "__self__", None), random.Random) or getattr(fn, "__module__", None) == "random" \
            or "size" not in _parameters(fn):     # (a shuffle is drawn as a permutation: frontend/shuffles.py)
        return f"`noise = [{path}(...) for _ in range(n)]`, the same arguments"
    return f"`noise = {path}(..., size=n)`, the same arguments and one number per step"


def _parameters(fn):
    try:
        return inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return {"size": None}   # not known: the advice for NumPy's draws


def _callable_class(fn):
    """A class called to build a value (``float``, ``np.ndarray``, a user's dataclass): its
    constructor is not a draw s2sad can see; a class of the random modules is (``draws``)."""
    return isinstance(fn, type) and not draws(fn)


def _lookup(scope, node):
    path = A.dotted_path(node)
    if path is None:
        return None
    root, *rest = path.split(".")
    obj = scope.get(root)
    for part in rest:
        obj = getattr(obj, part, None)
    return obj


def redraw_refusal(body, ns, src):
    """For the modes that run the function once per element (``jacobian``, ``hessian``): a located
    refusal of its first random draw (each run would draw other numbers and the result would mix
    the draws of several runs), or None. Returned, not raised: one sweep (grad, vjp, jvp, hvp)
    uses the numbers it drew."""
    from ..errors import unsupported
    for node in draw_calls(body, ns):
        return unsupported(getattr(node, "_s2sad_src", None) or src, node,
                           f"{rerun_what(node, ns)} in a function differentiated one sweep per element "
                           "(jacobian, hessian: each sweep would draw other numbers, and the result would "
                           "mix them)",
                           "Draw the numbers outside and pass them as an argument (or declare a deterministic "
                           "function with s2sad.nondifferentiable), or use grad, vjp, jvp or hvp (one "
                           "sweep, of the numbers it drew).")
    return None


def uses(node):
    """The names ``node`` reads."""
    return {n.id for n in A.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)} \
        if node is not None else set()
