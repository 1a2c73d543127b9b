"""Stage 1d, queues: ``L.pop(0)`` on a local list used as a queue is a read at a head index.

``pipeline = [0.0, 0.0]`` ... ``inv += pipeline.pop(0)`` ... ``pipeline.append(order)``: the
list is kept whole and a fresh integer ``h`` (0 after the display) counts the items popped from
its front, so

* ``pipeline.pop(0)`` is ``pipeline[h]`` read just before its statement, then ``h = h + 1``
  (an empty queue raises IndexError there, as ``pop`` does, checked first); ``del pipeline[0]`` is the same
  read, its item dropped;
* ``pipeline[i]`` (``i`` a constant >= 0) is ``pipeline[h + i]``;
* ``pipeline`` read whole (an argument of a builtin or NumPy function, what a ``for`` loops
  over when its body does not mention the list) is ``pipeline[h:]``, the items it holds, and ``if pipeline:`` / ``while pipeline:`` is
  ``len(pipeline) > h``;
* ``pipeline.append(v)`` stays: the compiler follows a list grown by appends.

Invariant: a list is rewritten only when it is a local bound once, by a list display, in the
function's body itself, and every read of it is one of the forms above: no other name, container,
helper or ``return`` ever sees the list object (so no one can tell it was not shortened), no item
is written or deleted, no negative or computed index is read, and each ``pop(0)`` is the only
mention of the list in a simple statement (``=``, ``+=``, an expression, ``return``) and not
under a condition of that statement (``a if c else L.pop(0)``, ``and``/``or``, a lambda or a
comprehension), so reading it first is what Python does. Anything else keeps its refusal.
"""
import ast

from .. import astutil as A
from ..scopes import is_library
from .resolve import MISSING, Resolver

_SIMPLE = (ast.Assign, ast.AugAssign, ast.Expr, ast.Return)
_CONDITIONAL = (ast.IfExp, ast.BoolOp, ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def queues_as_head_indexes(src, fdef, namer):
    """Rewrite, in place, every local list of ``fdef`` used as a queue (module docstring)."""
    resolver = Resolver(src, set(A.assigned_locals(fdef)))
    for s in list(fdef.body):
        name = _display_bound(s)
        if name is not None and _pops(fdef, name) and _only_queue_uses(fdef, s, name, resolver):
            _rewrite(fdef, s, name, namer.fresh(f"{name}_head"), namer.fresh(f"{name}_item"))


def _display_bound(s):
    ok = isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name) \
        and isinstance(s.value, ast.List)
    return s.targets[0].id if ok else None


def _is_pop(node, name):
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "pop" \
        and _names(node.func.value, name) and len(node.args) == 1 and not node.keywords \
        and isinstance(node.args[0], ast.Constant) and node.args[0].value == 0 and type(node.args[0].value) is int


def _names(node, name):
    return isinstance(node, ast.Name) and node.id == name


def _is_del_front(node, name):
    """``del name[0]``: a ``pop(0)`` whose item is dropped."""
    if not (isinstance(node, ast.Delete) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Subscript)):
        return False
    t = node.targets[0]
    return _names(t.value, name) and isinstance(t.slice, ast.Constant) and type(t.slice.value) is int \
        and t.slice.value == 0


def _pops(fdef, name):
    return any(_is_pop(n, name) or _is_del_front(n, name) for n in A.walk(fdef))


def _only_queue_uses(fdef, binding, name, resolver):
    """Is every mention of ``name`` in ``fdef`` but ``binding``'s target one of the queue's forms?"""
    parents = {id(c): p for p in A.walk(fdef) for c in ast.iter_child_nodes(p)}
    nested = [n for n in A.walk(fdef) if n is not fdef and isinstance(n, (ast.FunctionDef, ast.Lambda))]
    if any(_names(m, name) for n in nested for m in ast.walk(n)):
        return False         # a nested scope's reads are not in the function's statement order
    for node in A.walk(fdef):
        if isinstance(node, ast.arg) and node.arg == name or isinstance(node, (ast.Global, ast.Nonlocal)) \
                and name in node.names:
            return False
        if not _names(node, name) or node is binding.targets[0]:
            continue
        if not isinstance(node.ctx, ast.Load) or not _queue_use(node, parents, resolver):
            return False
    return True


def _queue_use(node, parents, resolver):
    parent = parents.get(id(node))
    if isinstance(parent, ast.Attribute) and parent.attr in ("append", "pop"):
        call = parents.get(id(parent))
        if not (isinstance(call, ast.Call) and call.func is parent):
            return False
        if parent.attr == "append":
            return isinstance(parents.get(id(call)), ast.Expr) and len(call.args) == 1 and not call.keywords
        return _is_pop(call, node.id) and hoistable(call, parents)
    if isinstance(parent, ast.Subscript) and parent.value is node:
        if isinstance(parent.ctx, ast.Del):
            return _is_del_front(parents.get(id(parent)), node.id)
        i = parent.slice
        return isinstance(i, ast.Constant) and type(i.value) is int and i.value >= 0 \
            and isinstance(parent.ctx, ast.Load)
    if isinstance(parent, (ast.If, ast.While)) and parent.test is node:
        return True
    if isinstance(parent, ast.For) and parent.iter is node:      # Python iterates the list as it changes
        return not any(_names(n, node.id) for s in parent.body + parent.orelse for n in ast.walk(s))
    if isinstance(parent, ast.comprehension) and parent.iter is node:
        return True
    if isinstance(parent, ast.Call) and node in parent.args:
        fn = resolver.obj(parent.func)     # a builtin's or NumPy's: it neither keeps nor changes the list
        return fn is not MISSING and is_library(fn) and getattr(fn, "__name__", "") not in ("id", "print")
    return False


def hoistable(call, parents, also=0):
    """Is ``call`` (``L.pop(...)``) in a simple statement, not under a condition, and that
    statement's only mention of the list (but ``also`` more, in the call's own arguments)?"""
    node = call
    while not isinstance(node, ast.stmt):
        node = parents.get(id(node))
        if node is None or isinstance(node, _CONDITIONAL):
            return False
    name = call.func.value.id
    return isinstance(node, _SIMPLE) and sum(_names(n, name) for n in ast.walk(node)) == 1 + also


def _rewrite(fdef, binding, name, head, item):
    _Queue(name, head).visit(fdef)
    _hoist(fdef, name, head, item)
    i = fdef.body.index(binding)
    fdef.body.insert(i + 1, A.at(A.assign(head, A.const(0)), binding))


class _Queue(ast.NodeTransformer):
    """Reads of the list relative to its head (``pop`` and ``append`` are left to ``_hoist``)."""

    def __init__(self, name, head):
        self.name, self.head = name, head

    def visit_Subscript(self, node):
        if _names(node.value, self.name) and isinstance(node.ctx, ast.Del):
            return node         # del name[0]: _hoist's
        if _names(node.value, self.name):
            node.slice = ast.copy_location(ast.BinOp(left=A.name(self.head), op=ast.Add(), right=node.slice),
                                           node.slice)
            return node
        return self.generic_visit(node)

    def visit_Attribute(self, node):
        return node if _names(node.value, self.name) else self.generic_visit(node)

    def visit_If(self, node):
        test = node.test
        self.generic_visit(node)
        if _names(test, self.name):
            node.test = ast.copy_location(self._nonempty(), test)
        return node

    visit_While = visit_If

    def visit_Name(self, node):
        if node.id != self.name or not isinstance(node.ctx, ast.Load):
            return node
        rest = ast.Slice(lower=A.name(self.head), upper=None, step=None)
        return ast.copy_location(ast.Subscript(value=A.name(self.name), slice=rest, ctx=ast.Load()), node)

    def _nonempty(self):
        return ast.Compare(left=A.call("len", A.name(self.name)), ops=[ast.Gt()], comparators=[A.name(self.head)])


def _hoist(node, name, head, item):
    """In every statement list: a statement holding ``name.pop(0)`` preceded by the read of the
    head item into a fresh temporary and the head's increment; the call replaced by it."""
    for field, value in ast.iter_fields(node):
        if isinstance(value, list) and value and isinstance(value[0], ast.stmt):
            out = []
            for s in value:
                _hoist(s, name, head, item)
                pop = next((n for n in ast.walk(s) if _is_pop(n, name)), None) if isinstance(s, _SIMPLE) else None
                dropped = _is_del_front(s, name)
                if pop is not None or dropped:
                    out += [A.at(t, s) for t in _take(name, head, item, dropped)]
                    if dropped:
                        continue
                    A.replaced(s, pop, A.at(A.name(item), pop))
                out.append(s)
            setattr(node, field, out)


def _take(name, head, item, dropped):
    """``if len(name) <= head: raise IndexError(...)``, ``item = name[head]``, ``head = head + 1``:
    the check is Python's (an item read and never used may be left out of the gradient)."""
    why = "list assignment index out of range" if dropped else "pop from empty list"
    empty = ast.Compare(left=A.call("len", A.name(name)), ops=[ast.LtE()], comparators=[A.name(head)])
    error = ast.Raise(exc=A.call("IndexError", A.const(why)), cause=None)
    return [ast.If(test=empty, body=[error], orelse=[]),
            A.assign(item, ast.Subscript(value=A.name(name), slice=A.name(head), ctx=ast.Load())),
            A.assign(head, ast.BinOp(left=A.name(head), op=ast.Add(), right=A.const(1)))]
