"""Stage 1c, ``collections.defaultdict(float)`` accumulators as dicts read with their zero.

``acc = defaultdict(float)`` then ``acc[k] += v`` and ``acc['a']``: a missing key reads as
``float()``, 0.0 (``int()``: 0), and is inserted by the read. Where ``acc`` is used only by
its entries, that insertion is never seen, so ``acc`` is the dict display ``{}`` whose reads are
``acc.get(k, 0.0)`` and whose updates ``acc[k] += v`` are ``acc[k] = acc.get(k, 0.0) + v``: the
forms ``constant_keys.py`` unrolls and the dict stage follows (``transforms/aggregates.py``).

Invariant: rewritten only for a local bound once, by ``defaultdict(float)`` or ``defaultdict(int)``
(the class resolved as ``collections.defaultdict``, the factory as the builtin), every other
read of which is ``acc[key]`` (read, written, or updated by an operator) or ``acc.get(key, d)``,
each key a constant or a target of a loop around it over constants (``_keys_known``):
never iterated, measured, tested with ``in``, passed on or deleted from, where the keys a read
inserted would show. Anything else is left as written (refused later, located, as before).
"""
import ast
import builtins
import collections

from .. import astutil as A
from .dict_comprehensions import constant_locals, constant_value
from .resolve import Resolver

_ZEROS = {builtins.float: 0.0, builtins.int: 0}


def default_dicts(src, fdef):
    """Rewrite, in place, the ``defaultdict`` accumulators of ``fdef`` (module docstring)."""
    if not any(isinstance(n, ast.Name) and n.id == "defaultdict" or isinstance(n, ast.Attribute)
               and n.attr == "defaultdict" for n in A.walk(fdef)):
        return
    resolver = Resolver(src, set(A.assigned_locals(fdef)))
    stores, consts = A.stores(fdef), constant_locals(fdef, src)
    for s in [s for s in A.walk(fdef) if isinstance(s, ast.Assign)]:
        name, zero = _accumulator(resolver, s)
        if name is not None and len(stores.get(name, ())) == 1 and _only_entries(fdef, name) \
                and _keys_known(fdef, name, consts):
            s.value = A.at(ast.Dict(keys=[], values=[]), s.value)
            _Entries(name, zero).visit(fdef)


def _accumulator(resolver, s):
    """(name, zero) of ``name = defaultdict(float)``; (None, None) otherwise."""
    v = s.value
    if not (len(s.targets) == 1 and isinstance(s.targets[0], ast.Name) and isinstance(v, ast.Call)
            and len(v.args) == 1 and not v.keywords and resolver.obj(v.func) is collections.defaultdict):
        return None, None
    factory = resolver.obj(v.args[0])
    return (s.targets[0].id, _ZEROS[factory]) if factory in _ZEROS else (None, None)


def _only_entries(fdef, name):
    """Is every read of ``name`` an entry ``name[key]`` (``key`` a name or a constant: read twice
    once ``+=`` is rewritten) or ``name.get(key, d)``?"""
    allowed = set()
    for n in A.walk(fdef):
        if isinstance(n, ast.Subscript) and isinstance(n.value, ast.Name) and n.value.id == name \
                and isinstance(n.slice, (ast.Name, ast.Constant)) and not isinstance(n.ctx, ast.Del):
            allowed.add(id(n.value))
        elif isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "get" \
                and isinstance(n.func.value, ast.Name) and n.func.value.id == name and len(n.args) == 2:
            allowed.add(id(n.func.value))
    return all(id(n) in allowed for n in A.walk(fdef)
               if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load))


def _keys_known(fdef, name, consts):
    """Is every key ``name`` is read with a constant, or a target of a loop around the read over
    constants (which ``constant_keys.py`` unrolls)? Otherwise the object is kept (a count by keys
    known only at run time, with no derivative in it, runs as Python's)."""
    def known(key, loops):
        return isinstance(key, ast.Constant) or isinstance(key, ast.Name) and any(
            key.id in {n.id for n in ast.walk(loop.target) if isinstance(n, ast.Name)}
            and constant_value(loop.iter, consts) is not None for loop in loops)

    todo = [(fdef, ())]
    while todo:
        node, loops = todo.pop()
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id == name \
                and not known(node.slice, loops) or isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and isinstance(node.func.value, ast.Name) and node.func.value.id == name \
                and not known(node.args[0], loops):
            return False
        inner = loops + (node,) if isinstance(node, ast.For) else loops
        todo.extend((c, inner) for c in ast.iter_child_nodes(node))
    return True


class _Entries(ast.NodeTransformer):
    """``acc[k]`` read -> ``acc.get(k, zero)``; ``acc[k] op= v`` -> ``acc[k] = acc.get(k, zero) op v``."""

    def __init__(self, name, zero):
        self.name, self.zero = name, zero

    def _get(self, node):
        get = ast.Attribute(value=A.name(self.name), attr="get", ctx=ast.Load())
        call = A.at(ast.Call(func=get, args=[A.clone(node.slice), A.const(self.zero)], keywords=[]), node)
        call._s2sad_entry = True      # the user wrote `acc[k]`: a refusal names that (transforms/dict_loops.py)
        return call

    def _entry(self, node):
        return isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id == self.name

    def visit_Subscript(self, node):
        self.generic_visit(node)
        return self._get(node) if self._entry(node) and isinstance(node.ctx, ast.Load) else node

    def visit_AugAssign(self, node):
        if not self._entry(node.target):
            return self.generic_visit(node)
        node.value = self.visit(node.value)
        node.target.slice = self.visit(node.target.slice)
        value = A.at(ast.BinOp(left=self._get(node.target), op=node.op, right=node.value), node)
        return A.at(ast.Assign(targets=[node.target], value=value), node)
