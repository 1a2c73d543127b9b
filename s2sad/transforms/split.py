"""Recursive functions: split-mode adjoints, called rather than inlined.

A function on a cycle of calls (``det`` calling ``det``, or ``f`` calling ``g``
calling ``f``) cannot be inlined. Each one, ``R``, gets two generated functions
(Tapenade's split mode):

    def R_forward(a, b, tapes):    # R's body, saving on `tapes` what its reverse reads
    def R_reverse(b_r, tapes):     # pops it back, runs R's reverse sweep: (b_a, b_b)

and a call ``r = R(a, b)`` becomes ``r = R_forward(a, b, tapes)``, whose
reverse is ``b_a2, b_b2 = R_reverse(b_r, tapes)``, then ``b_a += b_a2`` ...
All the functions of one build share one tuple of lists, ``tapes``, created by
the adjoint that calls them first (handed over item by item once built: ``split_spread``).

A function returning one number gets the same two functions, with other bodies
(``split_joint.py``): ``R_forward`` also runs R's reverse sweep, seeded with 1.0, in its
own frame and leaves the gradient; ``R_reverse`` pops it and scales it.

Invariant: a call to ``R_forward`` pushes exactly what the matching call to
``R_reverse`` pops: its body's saves (``analyses/tape.py``), then, last, the
values its reverse sweep reads straight from variables (those are gone when
``R_forward`` returns). Calls nested to any depth therefore reverse in
last-in-first-out order on the shared lists.
"""
import ast
import contextlib
import contextvars
import types
import weakref

from .. import astutil as A
from ..analyses.ir import Op
from ..errors import unsupported
from ..frontend.parsing import parse_function
from ..frontend.resolve import dotted_object
from ..rules import registry as rules
from .reverse import accum, reset


def _owned(node):
    node._s2sad_fresh = True   # the generated function returned an array its caller owns
    return node

_GROUPS = weakref.WeakKeyDictionary()     # Namespace of a build -> its Group
_CALLEES = weakref.WeakKeyDictionary()    # function -> the user functions it calls


def callees(fn):
    """The user Python functions ``fn``'s source calls (by name or module attribute). A name
    local to ``fn`` (``def apply(f, v): return f(v)``) is not the global of that name: taken for
    it, a script's global ``f`` (the differentiated function itself) made a cycle that is not."""
    if fn not in _CALLEES:
        out = set()
        try:
            src = parse_function(fn)
        except Exception:  # noqa: BLE001  (no source: it calls nothing s2sad could inline)
            src = None
        for node in ast.walk(src.tree) if src is not None else ():
            if isinstance(node, ast.Call):
                target = _lookup(src, node.func)
                if isinstance(target, types.FunctionType) and rules.lookup(target) is None:
                    out.add(target)
        _CALLEES[fn] = out
    return _CALLEES[fn]


def _locals(fdef):
    """The names local to the function ``fdef``: its parameters and the names it stores, but
    those it declares ``global`` or ``nonlocal``."""
    a = fdef.args
    params = a.posonlyargs + a.args + a.kwonlyargs + [p for p in (a.vararg, a.kwarg) if p is not None]
    stored = {n.id for n in ast.walk(fdef) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    declared = {x for n in ast.walk(fdef) if isinstance(n, (ast.Global, ast.Nonlocal)) for x in n.names}
    return ({p.arg for p in params} | stored) - declared


def _lookup(src, node):
    """The object the callee ``node`` names in ``src``'s function: None for a local name."""
    return dotted_object(src, node, _locals(src.tree))


def calls_itself(fn):
    """True if ``fn`` reaches itself through calls to user functions."""
    seen, todo = set(), list(callees(fn))
    while todo:
        g = todo.pop()
        if g is fn:
            return True
        if g not in seen:
            seen.add(g)
            todo.extend(callees(g))
    return False


def cycle(fn):
    """A shortest chain of calls from ``fn`` back to itself: [fn, ..., fn]."""
    paths, seen = [[fn]], {fn}
    while paths:
        path = paths.pop(0)
        for g in sorted(callees(path[-1]), key=lambda g: g.__name__):
            if g is fn:
                return path + [fn]
            if g not in seen:
                seen.add(g)
                paths.append(path + [g])
    return []


def _returns_without(fn, members):
    """True if one of ``fn``'s ``return`` statements calls none of ``members``."""
    try:
        src = parse_function(fn)
    except Exception:  # noqa: BLE001
        return True
    def without(e):     # ``a if c else b`` returns without recursing if either branch does
        if isinstance(e, ast.IfExp):
            return without(e.body) or without(e.orelse)
        return not any(_lookup(src, c.func) in members for c in ast.walk(e) if isinstance(c, ast.Call))
    return any(r.value is None or without(r.value) for r in ast.walk(src.tree) if isinstance(r, ast.Return))


def _check_base_case(op):
    """Refuse a recursion none of whose functions can return without recursing again."""
    path = cycle(op.func)
    members = set(path)
    if path and not any(_returns_without(g, members) for g in members):
        how = "calls itself" if len(path) == 2 else "calls itself through " + " -> ".join(f.__name__ for f in path)
        raise unsupported(getattr(op.stmt, "_s2sad_src", None), op.stmt,
                          f"the recursive function `{op.func.__name__}` (it {how}, and no `return` ends "
                          "the recursion)", "Give the recursion a case that returns without calling it again.")


_REFUSING = contextvars.ContextVar("s2sad_split_refusing", default=None)


@contextlib.contextmanager
def refusing(what):
    """Within it, a call to a recursive function is refused, not split: ``what`` (e.g. forward
    mode over the adjoint) cannot differentiate the split functions' shared tapes."""
    token = _REFUSING.set(what)
    try:
        yield
    finally:
        _REFUSING.reset(token)


def refuse_recursive(calls, what):
    """Raise a located error at the first of ``calls`` (inline-stage helper ops) to a recursive function."""
    for op in calls.values():
        if calls_itself(op.func):
            path = cycle(op.func)
            how = "calls itself" if len(path) <= 2 else "calls itself through " + " -> ".join(
                f.__name__ for f in path)
            raise unsupported(getattr(op.stmt, "_s2sad_src", None), op.stmt,
                              f"the recursive function `{op.func.__name__}` (it {how}) in {what}",
                              "Recursion is differentiated in reverse mode only (s2sad.grad, value_and_grad, "
                              "vjp); for this, rewrite the recursion as a loop.")


def recursive_calls(calls, ns, namer):
    """Of the active helper calls the inline stage found, keep those to inline; the calls
    to recursive functions become split calls here instead (or are refused, in ``refusing``)."""
    if _REFUSING.get() is not None:
        refuse_recursive(calls, _REFUSING.get())
    keep = {}
    for key, op in calls.items():
        if calls_itself(op.func):
            _check_base_case(op)
            SplitCall(op, group_of(ns), namer)
        else:
            keep[key] = op
    return keep


def group_of(ns):
    if ns not in _GROUPS:
        from .split_build import Group
        _GROUPS[ns] = Group(ns)
    return _GROUPS[ns]


def finish(ns, body, kinds, ctx):
    """Build the split functions the outer body calls; return (body, functions)."""
    group = _GROUPS.get(ns)
    if group is None or not group.calls_in(body):
        return body, []
    return group.finish(body, kinds, ctx)


class SplitCall:
    """``r = R(a, b)`` (or ``r1, r2 = R(...)``), called through R's split functions."""

    def __init__(self, op, group, namer):
        stmt = self.stmt = op.stmt
        self.split = group.split(op.func)
        self.ranks = None
        self.src = getattr(stmt, "_s2sad_src", None)
        self.args = _bind(stmt, op.func, self.src)
        tgt = stmt.targets[0]
        if not (isinstance(tgt, ast.Name) or isinstance(tgt, ast.Tuple)
                and all(isinstance(e, ast.Name) for e in tgt.elts)):
            raise unsupported(self.src, stmt, "this use of a recursive function's result",
                              "Assign it to a name, or unpack it into names.")
        self.targets = [tgt.id] if isinstance(tgt, ast.Name) else [e.id for e in tgt.elts]
        self.tapes = group.tapes_name(namer)
        self.namer = namer
        call = A.call(A.name(self.split.forward), *[A.clone(a) for a in self.args], A.name(self.tapes))
        call._s2sad_recursive = op.func     # the user's function it stands for (purity.draw_calls)
        stmt.value = ast.copy_location(call, stmt.value)
        stmt._s2sad_custom = self
        group.calls.append(self)

    def classify(self, stmt):
        names = [n.id for a in self.args for n in ast.walk(a) if isinstance(n, ast.Name)]   # displays' items too
        return Op("custom", stmt, list(self.targets), list(dict.fromkeys(names)), func=self)

    def reads(self, op):
        """Nothing but the shapes of array results, should their adjoints start from zeros."""
        return [t for t in self.targets if self.ranks is None or self.ranks.get(t) != 0]

    def check(self):
        """Once the callee is built: its results match the names they are assigned to."""
        n = len(self.split.outputs)
        if len(self.targets) != n:
            raise unsupported(self.src, self.stmt, f"unpacking the result of the recursive function "
                              f"`{self.split.fn.__name__}` into {len(self.targets)} names (it returns "
                              f"{n} value{'s' if n > 1 else ''} from s2sad's point of view)",
                              "A recursive function that returns a tuple must return it once, at its end "
                              "(`return a, b`), assigning a and b on every path.")

    def reverse(self, rev, op):
        got = [self.namer.fresh("b_" + p) for p in self.split.params]
        if self.ranks is not None:       # each has its parameter's rank (backends.fuse loops over them)
            self.ranks.update({g: self.split.kinds[p] for g, p in zip(got, self.split.params)
                               if isinstance(self.split.kinds.get(p), int)})
        call = A.call(A.name(self.split.reverse), *[A.name(rev.adj(t)) for t in self.targets],
                      *self.split.group.tape_args(self.namer, self.tapes))
        call._s2sad_fresh = True    # the adjoints it returns are new arrays (transforms/deadslices.py)
        stmt = A.assign(ast.Tuple(elts=[A.name(g, store=True) for g in got], ctx=ast.Store())
                        if len(got) != 1 else A.name(got[0], store=True), call)
        stmt._acc = ("reads", None, False)
        out = [stmt] + [reset(rev.adj(t), t) for t in self.targets if t in rev.active]
        for a, g in zip(self.args, got):
            out += self.accumulate(rev, a, A.name(g))
        return out

    def accumulate(self, rev, arg, grad):
        """Add a parameter's gradient ``grad`` into the adjoints of the argument ``arg`` passed for it:
        a name's, or each item's of a display (``R((X, B), n)``: ``b_X += b_p[0]``)."""
        if isinstance(arg, ast.Name):
            if arg.id not in rev.active:
                return []
            return [_owned(accum(rev.adj(arg.id), grad, arg.id)) if isinstance(grad, ast.Name)
                    else accum(rev.adj(arg.id), grad, arg.id)]
        if isinstance(arg, (ast.List, ast.Tuple)) and not any(isinstance(e, ast.Starred) for e in arg.elts):
            return [s for k, e in enumerate(arg.elts)
                    for s in self.accumulate(rev, e, ast.Subscript(value=A.clone(grad), slice=ast.Constant(k),
                                                                   ctx=ast.Load()))]
        if any(isinstance(n, ast.Name) and n.id in rev.active for n in ast.walk(arg)):
            raise unsupported(self.src, self.stmt, f"this argument of the recursive function "
                              f"`{self.split.fn.__name__}`", "Assign the argument to a name first and pass the name.")
        return []


def _bind(stmt, fn, src):
    """The call's arguments in parameter order (keywords placed, constant defaults filled in)."""
    import inspect
    call = stmt.value
    params = list(inspect.signature(fn).parameters.values())
    values = dict(zip([p.name for p in params], call.args))
    for kw in call.keywords:
        values[kw.arg] = kw.value
    out = []
    for p in params:
        if p.kind not in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) or len(call.args) > len(params):
            raise unsupported(src, stmt, f"this call to the recursive function `{fn.__name__}`",
                              "Pass its parameters one by one (no *args or **kwargs).")
        if p.name in values:
            out.append(values[p.name])
        elif p.default is not p.empty and isinstance(p.default, (int, float, bool, type(None))):
            out.append(A.const(p.default))
        else:
            raise unsupported(src, stmt, f"this call to the recursive function `{fn.__name__}` "
                              f"(parameter `{p.name}`)", "Pass every parameter it needs; defaults must be numbers.")
    return out
