"""Stage 1c, desugar: comprehensions become loops, so the later stages see statements only.

An assignment expression Python evaluates first in its statement (``if (w := v * v) > c:``)
becomes an assignment just before the statement; any other ``:=`` is refused by ``check``.

A starred unpacking ``a, *rest = v`` becomes ``t = v; if len(t) < 1: raise ValueError(...);
a = t[0]; rest = [t[k] for k in range(1, len(t))]`` first (``rest`` left out where nothing
reads it: ``beta, *_ = f(...)``).

``[e for x in xs if c]`` (and a generator expression, as in ``sum(e for x in xs)``)
becomes, just before the statement that uses it::

    t = []
    for x_ in xs:          # the comprehension's own variables get fresh names
        if c:
            t.append(e)

and the comprehension is replaced by ``t``. Nested comprehensions nest the
loops. A comprehension is evaluated once, where the statement starts; one in a
place evaluated conditionally or repeatedly (a branch of ``a if c else b``, the
right side of ``and``/``or``, a ``while`` test) is refused with a located error, but for the
right side of ``and``/``or`` in an ``if`` test, which only its truth leaves: there the test
becomes a flag set by one ``if`` per operand, with Python's short circuit (``_truth``).
Then the indices into lists that grow are made absolute (``list_index.py``).
"""
import ast
import builtins

import numpy as np

from .. import astutil as A
from ..errors import unsupported
from .list_index import absolute_list_indices
from .resolve import dotted_object, np_ref
from .sequence_names import sequence_names
from . import vectorize_forms

ONCE = {ast.Assign: ("value", "targets"), ast.AugAssign: ("value", "target"), ast.AnnAssign: ("value",),
        ast.Expr: ("value",), ast.Return: ("value",), ast.If: ("test",), ast.For: ("iter",)}


class Desugar:
    def __init__(self, src, namer, forward=False, list_params=()):
        self.src, self.namer, self.forward = src, namer, forward
        self.list_params = set(list_params)     # parameters this build is given a Python list for

    def resolve(self, node):
        return dotted_object(self.src, node)

    def function(self, fdef):
        self.read = {n.id for n in ast.walk(fdef) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
        self.lists = sequence_names(fdef, self.resolve, lists=True)
        self.sequences = sequence_names(fdef, self.resolve) | self.lists
        # a list parameter never rebound holds a list: `xs.copy()` of it is `list(xs)`, not np.copy
        stored = {n.id for n in ast.walk(fdef) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
        self.lists = self.lists | (self.list_params - stored)
        fdef.body = self.block(fdef.body)
        absolute_list_indices(self.src, fdef, self.resolve, self.forward)   # after the loops comprehensions append in
        return fdef

    def block(self, stmts):
        return [out for s in stmts for out in self.stmt(s)]

    def stmt(self, s):
        if _starred_unpacking(s):
            return self.block(self.starred(s))
        for field in ("body", "orelse"):
            if isinstance(getattr(s, field, None), list) and not isinstance(s, ast.FunctionDef):
                setattr(s, field, self.block(getattr(s, field)))
        if isinstance(s, ast.If) and _late_comprehension(s.test):
            flag = self.namer.fresh("test")
            steps = _truth(s.test, flag, s)
            s.test = A.at(A.name(flag), s.test)
            return self.block(steps) + [s]
        if isinstance(s, ast.While) and _has_comprehension(s.test):
            raise unsupported(self.src, s.test, "a comprehension in a `while` test (evaluated at every step)",
                              "Compute it in the loop body and test a name.")
        if isinstance(s, ast.While):
            self.while_walrus(s)
        pre = self.walrus(s)
        hoist = _Hoist(self, pre, s)
        for field in ONCE.get(type(s), ()):
            value = getattr(s, field, None)
            if isinstance(value, list):
                setattr(s, field, [hoist.visit(v) for v in value])
            elif value is not None:
                setattr(s, field, hoist.visit(value))
        return pre + [s]

    def walrus(self, s):
        """``if (w := v * v) > c:`` -> ``w = v * v`` before the statement, ``if w > c:``: only for
        an assignment expression evaluated first in the statement (nothing runs before it), so
        the order of evaluation is Python's; any other ``:=`` is refused by ``check``."""
        field = _FIRST.get(type(s))
        if field is None:
            return []
        node = getattr(s, field)
        named = _first_evaluated(node)
        if not isinstance(named, ast.NamedExpr) or not isinstance(named.target, ast.Name):
            return []
        name = ast.Name(id=named.target.id, ctx=ast.Load())
        setattr(s, field, name if named is node else A.replaced(node, named, name))
        return self.stmt(A.at(ast.Assign(targets=[named.target], value=named.value), s))

    def while_walrus(self, s):
        """``while (w := f(v)) > c: body`` -> ``while True: w = f(v); if not w > c: break; body``:
        the assignment expression evaluated first in the test, at every step as Python does (a
        ``continue`` goes back to it). A loop with an ``else`` (run when the test fails, not on
        a ``break``) keeps its ``:=``, which ``check`` refuses."""
        named = _first_evaluated(s.test)
        if not isinstance(named, ast.NamedExpr) or not isinstance(named.target, ast.Name) or s.orelse:
            return
        name = ast.Name(id=named.target.id, ctx=ast.Load())
        test = name if named is s.test else A.replaced(s.test, named, name)
        stop = A.at(ast.If(test=ast.UnaryOp(op=ast.Not(), operand=test), body=[ast.Break()], orelse=[]), s)
        s.body = self.block([A.at(ast.Assign(targets=[named.target], value=named.value), s), stop]) + s.body
        s.test = A.at(ast.Constant(value=True), s)

    def starred(self, s):
        """``a, *rest, b = v`` -> ``t = v; a = t[0]; rest = [t[k] for k in range(1, len(t) - 1)];
        b = t[-1]`` (``rest`` left out when the function never reads it, as ``beta, *_ = lstsq(...)``)."""
        elts = s.targets[0].elts
        star = next(k for k, e in enumerate(elts) if isinstance(e, ast.Starred))
        whole = self.namer.fresh("unpacked")
        out = [A.assign(whole, s.value, like=s), _at_least(whole, len(elts) - 1)]
        for k, tgt in enumerate(elts):
            if k == star:
                if any(isinstance(n, ast.Name) and n.id in self.read for n in ast.walk(tgt.value)):
                    i = self.namer.fresh("k")
                    read = _starred(whole, tgt.value)
                    stop = ast.BinOp(A.call("len", read), ast.Sub(), A.const(len(elts) - 1 - star))
                    comp = ast.ListComp(elt=ast.Subscript(value=A.clone(read), slice=A.name(i), ctx=ast.Load()),
                                        generators=[ast.comprehension(target=ast.Name(id=i, ctx=ast.Store()),
                                                                      iter=A.call("range", A.const(star), stop),
                                                                      ifs=[], is_async=0)])
                    out.append(ast.Assign(targets=[tgt.value], value=comp))
                continue
            pos = k if k < star else k - len(elts)
            out.append(ast.Assign(targets=[tgt], value=ast.Subscript(value=A.name(whole), slice=A.const(pos),
                                                                     ctx=ast.Load())))
        return [A.at(o, s) for o in out]

    def loops(self, node, like):
        """The statements computing comprehension ``node`` into a fresh list; returns (stmts, name)."""
        out = self.namer.fresh("comp")
        rename, scopes = {}, []
        for gen in node.generators:  # each iterable sees the variables of the generators before it
            if gen.is_async:
                raise unsupported(self.src, node, "an async comprehension", "Use a plain `for` loop.")
            scopes.append(dict(rename))
            for n in ast.walk(gen.target):
                if isinstance(n, ast.Name):
                    rename[n.id] = self.namer.fresh(n.id + "_")
        inner = [A.at(ast.Expr(value=A.call(ast.Attribute(value=A.name(out), attr="append", ctx=ast.Load()),
                                             _renamed(node.elt, rename))), like)]
        for gen, before in reversed(list(zip(node.generators, scopes))):
            for cond in reversed(gen.ifs):
                inner = [A.at(ast.If(test=_renamed(cond, rename), body=inner, orelse=[]), like)]
            loop = ast.For(target=_renamed(gen.target, rename, store=True), iter=_renamed(gen.iter, before),
                           body=inner, orelse=[])
            loop._s2sad_comprehension = True    # not a loop the user wrote (checkpointing leaves it alone)
            inner = [A.at(loop, like)]
        init = A.at(A.assign(out, ast.List(elts=[], ctx=ast.Load())), like)
        return [init] + self.block(inner), out


class _Hoist(ast.NodeTransformer):
    def __init__(self, desugar, pre, stmt):
        self.d, self.pre, self.stmt, self.conditional = desugar, pre, stmt, False

    def comprehension(self, node):
        if self.conditional:
            raise unsupported(self.d.src, node, "a comprehension evaluated only on some paths "
                              "(in `a if c else b`, or after `and`/`or`)",
                              "Compute it on a line of its own before this one.")
        stmts, name = self.d.loops(node, self.stmt)
        self.pre.extend(stmts)
        out = A.at(A.name(name), node)
        out._s2sad_comp = True
        return out

    visit_ListComp = visit_GeneratorExp = comprehension

    def visit_List(self, node):
        """``[*xs]`` is ``list(xs)``: a new list of the same items (a shallow copy)."""
        if isinstance(node.ctx, ast.Load) and len(node.elts) == 1 and isinstance(node.elts[0], ast.Starred):
            func = A.at(ast.Name(id="list", ctx=ast.Load()), node)
            if self.d.resolve(func) is builtins.list:
                return self.visit_Call(A.at(ast.Call(func=func, args=[node.elts[0].value], keywords=[]), node))
        return self.generic_visit(node)

    def visit_Call(self, node):
        """A comprehension passed to a NumPy function becomes an array first (as NumPy would
        convert it), so both backends see an array rather than a Python list. ``list(xs)``
        becomes the comprehension that builds the same list (see ``_list_call_as_comprehension``);
        ``np.vectorize(f)(x)`` and ``np.apply_along_axis(f, axis, a)`` comprehensions over ``f``
        (``vectorize_forms.py``)."""
        form = None if self.conditional else vectorize_forms.rewrite(node, self.d.resolve, self.d.namer.fresh)
        if form is not None:
            self.pre.extend(self.d.block([A.at(s, self.stmt) for s in form[0]]))
            return self.visit(form[1])
        if isinstance(node.func, ast.Attribute) and node.func.attr == "copy" and not node.args \
                and not node.keywords and isinstance(node.func.value, ast.Name) and node.func.value.id in self.d.lists:
            func = A.at(ast.Name(id="list", ctx=ast.Load()), node)   # xs.copy() of a list: list(xs)
            if self.d.resolve(func) is builtins.list:
                node = A.at(ast.Call(func=func, args=[node.func.value], keywords=[]), node)
        if self.d.resolve(node.func) is builtins.list and len(node.args) == 1 and not node.keywords \
                and isinstance(node.args[0], (ast.List, ast.Tuple)) \
                and not any(isinstance(e, ast.Starred) for e in node.args[0].elts):
            return self.visit(A.at(ast.List(elts=node.args[0].elts, ctx=ast.Load()), node))  # list([a, b]): [a, b]
        if not self.conditional and self.d.resolve(node.func) is builtins.list:
            comp = _list_call_as_comprehension(node, self.d.resolve, self.d.sequences)
            if comp is not None:
                return self.comprehension(comp)
        node = self.generic_visit(node)
        fn = self.d.resolve(node.func)
        if _numpy_function(fn):
            node.args = [_as_array(a) if getattr(a, "_s2sad_comp", False) else a for a in node.args]
        return node

    def visit_IfExp(self, node):
        node.test = self.visit(node.test)
        saved, self.conditional = self.conditional, True
        node.body, node.orelse = self.visit(node.body), self.visit(node.orelse)
        self.conditional = saved
        return node

    def visit_BoolOp(self, node):
        node.values[0] = self.visit(node.values[0])
        saved, self.conditional = self.conditional, True
        node.values[1:] = [self.visit(v) for v in node.values[1:]]
        self.conditional = saved
        return node


_FIRST = {ast.If: "test", ast.Assign: "value", ast.AnnAssign: "value", ast.Expr: "value", ast.Return: "value"}


def _list_call_as_comprehension(call, resolve, sequences=()):
    """``list(zip(a, b))`` as ``[(u, v) for u, v in zip(a, b)]``, ``list(enumerate(xs))`` as
    ``[(k, v) for k, v in enumerate(xs)]``, ``list(e for ...)`` as ``[e for ...]`` and ``list(a)``
    of an array that an expression computes (``list(A.T)``, ``list(x.flat)``, ``list(np.sin(x))``, ``list(2 * x)``)
    as ``[v for v in a]``: Python builds the same list, and s2sad follows comprehensions (the
    loop variables get fresh names there); so is ``list(range(...))`` and ``list(xs)`` of a name
    in ``sequences`` (proven a list, tuple or array: ``sequence_names.py``). None for
    anything else: a loop indexes what it runs over, and a name may hold a dict or an iterator,
    which have no index (``lower`` makes a list of those with this very call)."""
    if len(call.args) != 1 or call.keywords or isinstance(call.args[0], ast.Starred):
        return None
    xs = call.args[0]
    if isinstance(xs, (ast.GeneratorExp, ast.ListComp)):
        return A.at(ast.ListComp(elt=xs.elt, generators=xs.generators), call)
    fn = resolve(xs.func) if isinstance(xs, ast.Call) else None
    array = isinstance(xs, (ast.BinOp, ast.UnaryOp)) or _numpy_function(fn) or fn is builtins.range \
        or isinstance(xs, ast.Attribute) and xs.attr in ("T", "flat") or isinstance(xs, ast.Name) and xs.id in sequences
    if not (array or fn is zip or fn is enumerate) or fn is not None and (
            xs.keywords or any(isinstance(a, ast.Starred) for a in xs.args)):
        return None
    width = len(xs.args) if fn is zip else 2 if fn is enumerate else 1
    names = [f"v{k}" for k in range(width)]
    if width == 1:
        elt, target = A.name(names[0]), A.name(names[0], store=True)
    else:
        elt = ast.Tuple(elts=[A.name(n) for n in names], ctx=ast.Load())
        target = ast.Tuple(elts=[A.name(n, store=True) for n in names], ctx=ast.Store())
    gen = ast.comprehension(target=target, iter=xs, ifs=[], is_async=0)
    return A.at(ast.ListComp(elt=elt, generators=[gen]), call)


def _first_evaluated(e):
    """The innermost part of ``e`` Python evaluates first (``w := ...`` in ``(w := a) > b``)."""
    while True:
        if isinstance(e, (ast.Compare, ast.BinOp)):
            e = e.left
        elif isinstance(e, ast.UnaryOp):
            e = e.operand
        elif isinstance(e, ast.BoolOp):
            e = e.values[0]
        elif isinstance(e, ast.Call) and e.args and A.dotted_path(e.func) is not None:
            e = e.args[0]
        else:
            return e




def _at_least(whole, need):
    """``if len(whole) < need: raise ValueError(...)``: Python's check of a starred unpacking (the
    targets left unread are dropped later, and with them the reads that would have failed)."""
    error = A.call("ValueError", A.const(f"not enough values to unpack (expected at least {need})"))
    return ast.If(test=ast.Compare(left=A.call("len", A.name(whole)), ops=[ast.Lt()], comparators=[A.const(need)]),
                  body=[ast.Raise(exc=error, cause=None)], orelse=[])


def _starred_unpacking(s):
    """``a, *rest = v``: an assignment to one tuple (or list) of targets, one of them starred."""
    return isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], (ast.Tuple, ast.List)) \
        and sum(isinstance(e, ast.Starred) for e in s.targets[0].elts) == 1


def _numpy_function(fn):
    from .calls import PACKERS, SEQUENCE_FUNCS
    try:
        if fn in PACKERS or fn in SEQUENCE_FUNCS:
            return False
    except TypeError:
        return False
    return str(getattr(fn, "__module__", "") or "").startswith("numpy") or isinstance(fn, np.ufunc)


def _as_array(name):
    return A.at(ast.Call(func=np_ref("np.array"), args=[name], keywords=[]), name)


def _late_comprehension(test):
    """A comprehension after ``and``/``or`` in ``test`` (evaluated only when the operands before it
    do not decide the test)."""
    return any(isinstance(n, ast.BoolOp) and any(_has_comprehension(v) for v in n.values[1:])
               for n in ast.walk(test))


def _truth(e, flag, like):
    """Statements setting ``flag`` to the truth of ``e``, an ``if`` test, with Python's short
    circuit: ``if a and b:`` is ``if a: flag = True else: flag = False; if flag: (the same for b)``,
    so each operand (a comprehension in it included) is a statement's own test, evaluated on
    the paths Python evaluates it. Only the truth of the test is kept: an ``if`` reads no more."""
    def set_to(value):
        return A.at(A.assign(flag, value), like)
    if isinstance(e, ast.BoolOp):
        out = _truth(e.values[0], flag, like)
        for v in e.values[1:]:
            go = A.name(flag) if isinstance(e.op, ast.And) else ast.UnaryOp(op=ast.Not(), operand=A.name(flag))
            out.append(A.at(ast.If(test=go, body=_truth(v, flag, like), orelse=[]), like))
        return out
    if isinstance(e, ast.UnaryOp) and isinstance(e.op, ast.Not) and isinstance(e.operand, ast.BoolOp):
        return _truth(e.operand, flag, like) + [set_to(ast.UnaryOp(op=ast.Not(), operand=A.name(flag)))]
    return [A.at(ast.If(test=e, body=[set_to(A.const(True))], orelse=[set_to(A.const(False))]), like)]


def _has_comprehension(node):
    return any(isinstance(n, (ast.ListComp, ast.GeneratorExp)) for n in ast.walk(node))


def _renamed(node, rename, store=False):
    node = A.clone(node)
    for n in ast.walk(node):
        if isinstance(n, ast.Name) and n.id in rename:
            n.id = rename[n.id]
    if store:
        for n in ast.walk(node):
            if isinstance(n, (ast.Name, ast.Tuple, ast.List)):
                n.ctx = ast.Store()
    return node


def _starred(whole, target):
    """A read of the value a starred assignment unpacks (``a, *rest = v``): marked, so a refusal of
    reading it as a whole (a helper's tuple, kept as names) names the user's assignment, not ``whole``."""
    node = A.name(whole)
    node._s2sad_starred = ast.unparse(target)
    return node
