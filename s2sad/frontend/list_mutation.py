"""Stage 1d', list mutation: ``L.pop()``, ``L.pop(i)``, ``del L[i]``, ``L.insert(i, v)``,
``L.reverse()``, ``L.sort(key=, reverse=)``, ``L.remove(v)`` and ``L[a:b] = v`` on a local list no one else holds
are rebindings of ``L`` to the list Python leaves.

Python changes the list object in place; when no other name, container, helper or closure can
see that object, nobody can tell a changed object from a new one bound to ``L``, and the
compiler follows a list made by a display and grown by appends. So::

    v = L.pop(i)       ->  L_index = i                    (a constant or a name: used as it is)
                           if L_index >= len(L) or L_index < -len(L): raise IndexError(...)
                           L_item = L[L_index]
                           L_at = len(L[:L_index])        (from the end if < 0; TypeError if no int)
                           L_n = len(L)
                           L_old = list(L)                (a shallow copy: no name shares L)
                           L = []
                           for L_j in range(L_n):         (marked: not a loop the user wrote)
                               if L_j != L_at:
                                   L.append(L_old[L_j])
                           v = L_item
    v = L.pop()        ->  the same at ``len(L) - 1`` (``IndexError('pop from empty list')``)
    del L[i]           ->  the same without the item
    if L.pop() > 0:    ->  c = L.pop() > 0, then ``if c:`` (the test, evaluated once, hoisted first)
    L.insert(i, v)     ->  i, then v, evaluated; the position clamped as Python does
                           (i < 0 counts from the end, then 0 .. len(L)); L rebuilt the same
                           way with v appended at that position.
    L.reverse()        ->  L_old = list(L); L = []; then L.append(L_old[len(L_old) - 1 - j]) for each j
    L.sort(key=k)      ->  L_sorted = sorted(L, key=k) (functional.py's loop for a key or reverse=),
                           then L = [] and its items appended in order
    L.remove(v)        ->  v evaluated; the position of the first item ``== v`` (ValueError if none);
                           L rebuilt without it, as ``del L[i]``
    L[a:b] = v         ->  v's items listed, then L rebuilt: the items before ``a``, v's, the items
                           from ``b`` on (bounds clamped as Python's; the length may change)

Invariant: rewritten only for a local (not a parameter, not ``global``/``nonlocal``) every store
of which binds a list display or comprehension (``list_extend._local_lists``; not ``M = L``: the
pop would rebind ``M`` alone), never mentioned
by a nested function or lambda, every mention of which is one of: an item read or written
(``L[i]``, ``L[a:b]``), a method of the list itself (``L.append(v)``, ``len(L)``...), an
argument of a library function that does not keep it (``np.array(L)``, ``len``, ``sum``; not
``zip``/``enumerate``/``map``... except as what a ``for`` or a comprehension loops over), what
a ``for`` loops over when its body does not pop, insert or delete from the list, an ``if`` or
``while`` test, ``x in L``, ``*L``, ``return L``; and each ``pop`` is in a simple statement (``=``,
``+=``, an expression, ``return``), not under a condition of it, with no other mention of the
list outside its index (so taking it first is Python's order); each ``insert``, ``del``,
``reverse``, ``sort`` and ``remove`` is a statement of its own. Anything else is left as written (refused later, located, as before).
"""
import ast

from .. import astutil as A
from ..scopes import is_library
from .functional import rewrite_statements
from .list_extend import _local_lists
from .list_mutation_why import mark_declined, slice_store
from .queues import hoistable
from .resolve import MISSING, Resolver

_SIMPLE = (ast.Assign, ast.AugAssign, ast.Expr, ast.Return)
_METHODS = {"append", "extend", "index", "count", "copy", "sort", "reverse", "clear", "remove", "pop", "insert"}
_LAZY = {"zip", "enumerate", "map", "filter", "reversed", "iter"}


def mutations_as_rebinds(src, fdef, namer):
    """Rewrite, in place, the pops, inserts and deletes of each local list of ``fdef`` that no
    one else holds (module docstring)."""
    lists = [n for n in sorted(_local_lists(fdef, aliases_too=False)) if any(_mutation(s, n) for s in A.walk(fdef))]
    if not lists:
        return
    A.map_blocks(fdef, lambda s: _test_hoisted(s, lists, namer))
    resolver = Resolver(src, set(A.assigned_locals(fdef)))
    parents = {id(c): p for p in A.walk(fdef) for c in ast.iter_child_nodes(p)}
    for name in lists:
        if _only_private_uses(fdef, name, parents, resolver):
            A.map_blocks(fdef, _Rewriter(name, namer, lambda stmts: rewrite_statements(src, fdef, namer, stmts)).statement)
        else:        # left as written: the refusal of its pops says why (list_mutation_why.py)
            mark_declined(src, fdef, name, parents, lambda n: _private_use(n, parents, resolver))


def _test_hoisted(s, lists, namer):
    """``if L.pop() > 0:`` -> ``c = L.pop() > 0`` then ``if c:`` (Python evaluates an ``if``'s test
    once, right before it): the pop is then in a simple statement, which the lift takes."""
    if not (isinstance(s, ast.If) and any(_pop(n, name) for n in ast.walk(s.test) for name in lists)):
        return [s]
    flag = namer.fresh("c")
    test, s.test = s.test, A.at(A.name(flag), s.test)
    return [A.at(A.assign(flag, test), s), s]


def _names(node, name):
    return isinstance(node, ast.Name) and node.id == name


def _method_call(node, name, attr):
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == attr \
        and _names(node.func.value, name) and not node.keywords \
        and not any(isinstance(a, ast.Starred) for a in node.args)


def _pop(node, name):
    return _method_call(node, name, "pop") and len(node.args) <= 1


def _insert(s, name):
    return isinstance(s, ast.Expr) and _method_call(s.value, name, "insert") and len(s.value.args) == 2


def _delete(s, name):
    return isinstance(s, ast.Delete) and len(s.targets) == 1 and isinstance(s.targets[0], ast.Subscript) \
        and _names(s.targets[0].value, name) and not isinstance(s.targets[0].slice, ast.Slice)


def _rearranged(s, name):
    """``L.reverse()``, ``L.sort()`` (with ``key=``/``reverse=`` keywords only), ``L.remove(v)``: a
    statement of its own."""
    if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Call)):
        return False
    call = s.value
    if _method_call(call, name, "reverse") or _method_call(call, name, "remove"):
        return len(call.args) == (call.func.attr == "remove")
    return isinstance(call.func, ast.Attribute) and call.func.attr == "sort" and _names(call.func.value, name) \
        and not call.args and all(k.arg in ("key", "reverse") for k in call.keywords)


def _mutation(node, name):
    return _pop(node, name) or _insert(node, name) or _delete(node, name) or _rearranged(node, name) \
        or slice_store(node, name)


def _only_private_uses(fdef, name, parents, resolver):
    """Is every mention of ``name`` one that cannot keep or share the list (module docstring)?"""
    for node in A.walk(fdef):
        if node is not fdef and isinstance(node, A.SCOPES) \
                and any(_names(n, name) for n in ast.walk(node)):
            return False
        if _names(node, name) and isinstance(node.ctx, ast.Load) and not _private_use(node, parents, resolver):
            return False
    return True


def _private_use(node, parents, resolver):
    parent = parents.get(id(node))
    if isinstance(parent, ast.Attribute):
        call = parents.get(id(parent))
        if not (isinstance(call, ast.Call) and call.func is parent and parent.attr in _METHODS):
            return False
        if parent.attr in ("reverse", "sort", "remove"):
            return _rearranged(parents.get(id(call)), node.id)
        return parent.attr not in ("pop", "insert") or _pop(call, node.id) and _hoistable(call, parents) \
            or _insert(parents.get(id(call)), node.id)
    if isinstance(parent, ast.Subscript) and parent.value is node:
        return not isinstance(parent.ctx, ast.Del) or _delete(parents.get(id(parent)), node.id)
    if isinstance(parent, (ast.If, ast.While)) and parent.test is node \
            or isinstance(parent, (ast.Return, ast.Starred)):
        return True                      # (`*L` in a display or a call: its items, not the list)
    if isinstance(parent, ast.Compare) and node in parent.comparators \
            and all(isinstance(o, (ast.In, ast.NotIn)) for o in parent.ops):
        return True
    if isinstance(parent, ast.Assign) and parent.value is node:
        return all(isinstance(t, (ast.Tuple, ast.List)) for t in parent.targets)    # unpacked, not kept
    if isinstance(parent, ast.For) and parent.iter is node or isinstance(parent, ast.comprehension):
        return _loop_keeps_list(parent, node.id, parents, resolver)
    if isinstance(parent, ast.Call) and node in parent.args:
        if not _library_call(parent, resolver):
            return False
        if _called(parent, resolver) not in _LAZY:
            return True
        loop = parents.get(id(parent))
        return (isinstance(loop, ast.For) and loop.iter is parent or isinstance(loop, ast.comprehension)) \
            and _loop_keeps_list(loop, node.id, parents, resolver)
    return False


def _called(call, resolver):
    return getattr(resolver.obj(call.func), "__name__", "")


def _library_call(call, resolver):
    """A builtin's or NumPy's call: it neither keeps nor changes the list."""
    fn = resolver.obj(call.func)
    return fn is not MISSING and is_library(fn) and _called(call, resolver) not in ("id", "print")


def _loop_keeps_list(loop, name, parents, resolver):
    """A ``for`` over the list (or a lazy view of it) iterates the object it started with: its
    body must not pop, insert or delete (Python would iterate the changed object); a generator
    must be consumed where it is written (the argument of a library call that is not lazy)."""
    if isinstance(loop, ast.comprehension):
        gen = parents.get(id(loop))
        if not isinstance(gen, ast.GeneratorExp):
            return True
        call = parents.get(id(gen))
        return isinstance(call, ast.Call) and gen in call.args and _library_call(call, resolver) \
            and _called(call, resolver) not in _LAZY
    return not any(_mutation(n, name) for s in loop.body + loop.orelse for n in ast.walk(s))


def _hoistable(call, parents):
    """Is ``call`` in a simple statement, not under a condition, and the statement's only
    mention of the list outside the call's index (``queues._hoistable``)?"""
    return hoistable(call, parents, also=sum(_names(n, call.func.value.id) for a in call.args for n in ast.walk(a)))


class _Rewriter:
    """The statements each mutation of one list becomes (module docstring)."""

    def __init__(self, name, namer, functional=None):
        self.name, self.namer, self.functional = name, namer, functional   # (functional.rewrite_statements)

    def statement(self, s):
        if _insert(s, self.name):
            out = self.insert(*s.value.args)
        elif _delete(s, self.name):
            out = self.remove_at(s.targets[0].slice, None, "list assignment index out of range")
        elif _rearranged(s, self.name):
            out = getattr(self, s.value.func.attr)(s.value)
        elif slice_store(s, self.name):
            out = self.store_slice(s.targets[0].slice, s.value)
        else:
            pop = next((n for n in ast.walk(s) if _pop(n, self.name)), None) if isinstance(s, _SIMPLE) else None
            if pop is None:
                return [s]
            item = self.namer.fresh(f"{self.name}_item")
            out = self.pop_last(item) if not pop.args else self.remove_at(pop.args[0], item, "pop index out of range")
            if not (isinstance(s, ast.Expr) and s.value is pop):
                A.replaced(s, pop, A.at(A.name(item), pop))
                out.append(s)
        return [A.at(o, s) for o in out]

    def _len(self):
        return A.call("len", A.name(self.name))

    def _raise_if(self, test, why):
        return ast.If(test=test, body=[ast.Raise(exc=A.call("IndexError", A.const(why)), cause=None)], orelse=[])

    def _index(self, expr, base, out):
        """``expr`` itself when a constant or a name, else a fresh temporary holding it."""
        if isinstance(expr, (ast.Constant, ast.Name)):
            return expr
        t = self.namer.fresh(f"{self.name}_{base}")
        out.append(A.assign(t, expr))
        return A.name(t)

    def pop_last(self, item):
        L = self.name
        empty = ast.Compare(left=self._len(), ops=[ast.Eq()], comparators=[A.const(0)])
        last = ast.Subscript(value=A.name(L), slice=A.const(-1), ctx=ast.Load())
        at = self.namer.fresh(f"{L}_at")
        return [self._raise_if(empty, "pop from empty list"), A.assign(item, last),
                A.assign(at, ast.BinOp(left=self._len(), op=ast.Sub(), right=A.const(1)))] + self._rebuilt(at, None)

    def remove_at(self, index, item, why):
        """Remove the item at ``index`` (read into ``item`` first unless None)."""
        L, out = self.name, []
        i = self._index(index, "index", out)
        neg = ast.UnaryOp(op=ast.USub(), operand=self._len())
        outside = ast.BoolOp(op=ast.Or(), values=[
            ast.Compare(left=A.clone(i), ops=[ast.GtE()], comparators=[self._len()]),
            ast.Compare(left=A.clone(i), ops=[ast.Lt()], comparators=[neg])])
        out.append(self._raise_if(outside, why))
        if item is not None:
            out.append(A.assign(item, ast.Subscript(value=A.name(L), slice=A.clone(i), ctx=ast.Load())))
        at = self.namer.fresh(f"{L}_at")
        out.append(A.assign(at, self._position(i)))
        return out + self._rebuilt(at, None)

    def _position(self, i):
        """``len(L[:i])``: where ``insert`` puts an item at ``i`` (from the end when negative,
        clamped to 0 .. len(L)), ``i`` itself counted from the end for an index in range; and
        Python's TypeError for an index that is not an integer, as ``pop``/``insert`` raise."""
        head = ast.Subscript(value=A.name(self.name), slice=ast.Slice(upper=A.clone(i)), ctx=ast.Load())
        return A.call("len", head)

    def _rebuilt(self, at, value):
        """``L`` rebound to a new list grown by appends: the items of the old one before position
        ``at``, ``value`` (unless None, then the item at ``at`` is left out), the items after.
        (``L = []`` then appends: a display grown by appends, which the compiler follows, and
        which may grow again after; the old items read from a shallow copy, so that no name
        shares the list the appends change.)"""
        L = self.name
        n, old, j = self.namer.fresh(f"{L}_n"), self.namer.fresh(f"{L}_old"), self.namer.fresh(f"{L}_j")

        def append(v):
            return ast.Expr(value=A.call(ast.Attribute(value=A.name(L), attr="append", ctx=ast.Load()), v))
        here = ast.Compare(left=A.name(j), ops=[ast.Eq()], comparators=[A.name(at)])
        item = ast.Subscript(value=A.name(old), slice=A.name(j), ctx=ast.Load())
        if value is None:
            body = [ast.If(test=ast.Compare(left=A.name(j), ops=[ast.NotEq()], comparators=[A.name(at)]),
                           body=[append(item)], orelse=[])]
        else:
            body = [ast.If(test=here, body=[append(A.clone(value))], orelse=[]), append(item)]
        loop = ast.For(target=A.name(j, store=True), iter=A.call("range", A.name(n)), body=body, orelse=[])
        loop._s2sad_comprehension = True      # not a loop the user wrote (checkpointing leaves it alone)
        out = [A.assign(n, self._len()), A.assign(old, A.call("list", A.name(L))),
               A.assign(L, ast.List(elts=[], ctx=ast.Load())), loop]
        if value is not None:
            last = ast.Compare(left=A.name(at), ops=[ast.Eq()], comparators=[A.name(n)])
            out.append(ast.If(test=last, body=[append(A.clone(value))], orelse=[]))
        return out

    def _refilled(self, old, index):
        """``L = []`` then ``L.append(old[index(j)])`` for each position ``j`` of ``old``."""
        L, j = self.name, self.namer.fresh(f"{self.name}_j")
        item = ast.Subscript(value=A.name(old), slice=index(A.name(j)), ctx=ast.Load())
        body = [ast.Expr(value=A.call(ast.Attribute(value=A.name(L), attr="append", ctx=ast.Load()), item))]
        loop = ast.For(target=A.name(j, store=True), iter=A.call("range", A.call("len", A.name(old))), body=body,
                       orelse=[])
        loop._s2sad_comprehension = True      # not a loop the user wrote (checkpointing leaves it alone)
        return [A.assign(L, ast.List(elts=[], ctx=ast.Load())), loop]

    def remove(self, call):
        """``L.remove(v)``: ``v`` evaluated, then the first item equal to it (``==``, in order, each
        compared until one is) removed, or Python's ValueError. (Python tries identity before
        ``==``: it differs only for a NaN or an array of several elements, where this raises.)"""
        L, out = self.name, []
        v = self._index(call.args[0], "value", out)
        at, j = self.namer.fresh(f"{L}_at"), self.namer.fresh(f"{L}_j")
        equal = ast.Compare(left=ast.Subscript(value=A.name(L), slice=A.name(j), ctx=ast.Load()), ops=[ast.Eq()],
                            comparators=[A.clone(v)])
        unfound = ast.Compare(left=A.name(at), ops=[ast.Lt()], comparators=[A.const(0)])
        find = ast.If(test=unfound, body=[ast.If(test=equal, body=[A.assign(at, A.name(j))], orelse=[])], orelse=[])
        loop = ast.For(target=A.name(j, store=True), iter=A.call("range", self._len()), body=[find], orelse=[])
        loop._s2sad_comprehension = True
        missing = ast.Raise(exc=A.call("ValueError", A.const("list.remove(x): x not in list")), cause=None)
        out += [A.assign(at, A.const(-1)), loop, ast.If(test=A.clone(unfound), body=[missing], orelse=[])]
        return out + self.remove_at(A.name(at), None, "list index out of range")

    def reverse(self, call):
        """``L.reverse()``: the items of a shallow copy, last first."""
        old = self.namer.fresh(f"{self.name}_old")
        last = ast.BinOp(left=A.call("len", A.name(old)), op=ast.Sub(), right=A.const(1))
        return [A.assign(old, A.call("list", A.name(self.name)))] + self._refilled(
            old, lambda j: ast.BinOp(left=last, op=ast.Sub(), right=j))

    def sort(self, call):
        """``L.sort(key=k, reverse=r)``: the items ``sorted(L, key=k, reverse=r)`` gives (the same
        stable sort by the same comparisons), a permutation of them."""
        old = self.namer.fresh(f"{self.name}_sorted")
        ordered = [A.at(A.assign(old, ast.Call(func=A.at(A.name("sorted"), call), args=[A.name(self.name)],
                                               keywords=list(call.keywords))), call)]
        if call.keywords:        # a key, or reverse=: the loop functional.py writes for sorted(L, key=F)
            ordered = self.functional(ordered)
        return ordered + self._refilled(old, lambda j: j)

    def store_slice(self, bounds, value):
        """``L[a:b] = v``: ``v``'s items listed first (Python evaluates it first), then ``L`` rebuilt
        from a shallow copy: the items before ``a``, ``v``'s, the items from ``b`` on (``a`` and
        ``b`` clamped as Python clamps a slice's bounds, ``b`` at least ``a``). The list changes
        length when ``v`` has another number of items than the slice."""
        L = self.name
        new, old, lo, hi = (self.namer.fresh(f"{L}_{b}") for b in ("new", "old", "lo", "hi"))
        t = self.namer.fresh(f"{L}_item")
        listed = ast.ListComp(elt=A.name(t), generators=[
            ast.comprehension(target=A.name(t, store=True), iter=value, ifs=[], is_async=0)])

        def clamped(bound):        # len(old[:bound]): Python's clamp of a slice's bound (None: the end)
            return A.call("len", ast.Subscript(value=A.name(old), slice=ast.Slice(upper=bound), ctx=ast.Load()))
        upper = clamped(bounds.upper) if bounds.upper is not None else A.call("len", A.name(old))
        out = [A.assign(new, listed), A.assign(old, A.call("list", A.name(L))),
               A.assign(lo, clamped(bounds.lower) if bounds.lower is not None else A.const(0)),
               A.assign(hi, A.call("max", upper, A.name(lo))), A.assign(L, ast.List(elts=[], ctx=ast.Load()))]
        for src, first, end in ((old, A.const(0), A.name(lo)), (new, A.const(0), A.call("len", A.name(new))),
                                (old, A.name(hi), A.call("len", A.name(old)))):
            j = self.namer.fresh(f"{L}_j")
            item = ast.Subscript(value=A.name(src), slice=A.name(j), ctx=ast.Load())
            loop = ast.For(target=A.name(j, store=True), iter=A.call("range", first, end), orelse=[],
                           body=[ast.Expr(value=A.call(ast.Attribute(value=A.name(L), attr="append", ctx=ast.Load()),
                                                       item))])
            loop._s2sad_comprehension = True      # not a loop the user wrote (checkpointing leaves it alone)
            out.append(loop)
        return out

    def insert(self, index, value):
        L, out = self.name, []
        i = self._index(index, "index", out)
        v = self._index(value, "value", out)
        at = self.namer.fresh(f"{L}_at")
        out.append(A.assign(at, self._position(i)))
        return out + self._rebuilt(at, v)
