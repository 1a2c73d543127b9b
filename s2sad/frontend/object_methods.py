"""The methods of an object read as variables, as nested functions of its attributes (open47).

``C.m(self, z)`` becomes ``o_m(self_x, self_acc, z)``: its reads ``self.x`` are parameters; its
rebinds ``self.acc = e`` rebind the parameter, and the function returns the attributes it
rebinds after its value (``return v, self_acc``), which every call binds back
(``t, o_acc = o_m(o_x, o_acc, z)``, ``object_hoist``). ``self.n(...)`` and ``super().n(...)``
in a method are calls of the functions made for the methods they find (the MRO of the object's
class, after the method's own class for ``super()``).

Invariant (as Python runs it): in a method, ``self`` is only used as ``self.x`` of an attribute
``__init__`` assigns (read, rebound, augmented) or ``self.n(...)``; no method reaches itself
again; so the attributes are exactly the object's state, and a call's effect on them is its
rebinds, returned in order. ``Methods.scan`` returns False (the object stays as written, and
refused) anywhere else.
"""
import ast

from .. import astutil as A
from .object_hoist import evaluation_order, hoist
from .object_model import is_self_attr, is_super, replace_children


class Methods:
    """The functions made for the methods an object's code reaches (``keys``: (MRO index, name))."""

    def __init__(self, model, attrs, o, namer):
        self.model, self.attrs, self.o, self.namer = model, set(attrs), o, namer
        self.reads, self.writes, self.callees, self.names = {}, {}, {}, {}

    def key(self, name, after=-1):
        found = self.model.lookup(name, after)
        return (found[0], name) if found else None

    def scan(self, key):
        """Read the method of ``key`` and those it reaches; False where one is not plain."""
        if key in self.reads:
            return True
        tree = self.model.trees[key]
        sites = _sites(tree, key, self)
        if sites is None:
            return False
        reads, writes, calls = sites
        self.reads[key], self.writes[key], self.callees[key] = reads, writes, [k for _, k in calls]
        return all(self.scan(k) for _, k in calls)

    def close(self):
        """Each method's attributes used and rebound, with those of the methods it reaches;
        False if one reaches itself."""
        used, written, state = {}, {}, {}

        def visit(k):
            if state.get(k) == "done":
                return True
            if state.get(k) == "open":
                return False
            state[k] = "open"
            u, w = set(self.reads[k]) | self.writes[k], set(self.writes[k])
            for c in self.callees[k]:
                if not visit(c):
                    return False
                u |= used[c]
                w |= written[c]
            used[k], written[k], state[k] = u, w, "done"
            return True
        if not all(visit(k) for k in list(self.reads)):
            return False
        self.used = {k: sorted(v) for k, v in used.items()}
        self.written = {k: sorted(v) for k, v in written.items()}
        self.valued = {k: any(isinstance(n, ast.Return) and n.value is not None
                              for n in ast.walk(self.model.trees[k])) for k in self.reads}
        for k in sorted(self.reads):
            base = k[1].strip("_") or "call"
            if k != self.key(k[1]):
                base = f"{self.model.mro[k[0]].__name__}_{base}"
            self.names[k] = self.namer.fresh(f"{self.o}_{base}")
        return True

    def call_site(self, root, call, key, state, args):
        """``call`` (in ``root``) made a call of the function of ``key`` given ``state`` (attribute ->
        name) and ``args``; moved before its statement if the method rebinds attributes."""
        call.func = A.at(A.name(self.names[key]), call.func)
        call.args = [A.at(A.name(state[x]), call) for x in self.used[key]] + args
        if not self.written[key]:
            return True
        value = self.namer.fresh(f"{self.names[key]}_value") if self.valued[key] else None
        targets = ([A.name(value, store=True)] if value else []) + [
            A.name(state[x], store=True) for x in self.written[key]]
        return hoist(root, call, targets, value, {state[x] for x in self.written[key]}, self.namer)

    def build(self, key):
        """The nested function made of the method of ``key`` (None if a call in it cannot be moved)."""
        tree = A.clone(self.model.trees[key])
        selfname = tree.args.args[0].arg
        taken = set(A.assigned_locals(tree)) | {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
        own = {x: _fresh(self.namer, f"self_{x}", taken) for x in self.used[key]}
        _, _, calls = _sites(tree, key, self)
        replace_children(tree, lambda n: is_self_attr(n, selfname) and n.attr in self.attrs,
                         lambda n: A.at(A.name(own[n.attr], store=not isinstance(n.ctx, ast.Load)), n))
        by_call = {id(c): k for c, k in calls}
        for c in evaluation_order(tree, by_call):
            if not self.call_site(tree, c, by_call[id(c)], own, c.args):
                return None
        if self.written[key]:
            _return_state(tree, [own[x] for x in self.written[key]], self.valued[key])
        tree.args.args = [ast.arg(arg=own[x]) for x in self.used[key]] + tree.args.args[1:]
        tree.name = self.names[key]
        tree.decorator_list = []
        return tree


def _sites(tree, key, methods):
    """(attributes read, attributes rebound, [(call, key called)]) of a method, or None where it
    uses ``self`` otherwise (module docstring)."""
    selfname = tree.args.args[0].arg
    parents = {id(c): p for p in ast.walk(tree) for c in ast.iter_child_nodes(p)}
    reads, writes, calls, supers = set(), set(), [], 0
    for n in ast.walk(tree):
        if is_super(n):
            call = parents.get(id(n))
            k = methods.key(n.attr, key[0])
            if not (isinstance(call, ast.Call) and call.func is n and k and _plain_call(call)):
                return None
            calls.append((call, k))
            supers += 1
        if not (isinstance(n, ast.Name) and n.id == selfname) or n is tree.args.args[0]:
            continue
        p = parents.get(id(n))
        if not isinstance(p, ast.Attribute) or methods.model.shadows(p.attr) and p.attr in methods.attrs:
            return None
        call = parents.get(id(p))
        if isinstance(call, ast.Call) and call.func is p and p.attr not in methods.attrs:
            k = methods.key(p.attr)
            if not (k and _plain_call(call)):
                return None
            calls.append((call, k))
        elif p.attr not in methods.attrs or isinstance(p.ctx, ast.Del):
            return None
        else:
            (reads if isinstance(p.ctx, ast.Load) else writes).add(p.attr)
    if sum(isinstance(n, ast.Name) and n.id == "super" for n in ast.walk(tree)) != supers:
        return None
    return reads, writes, calls


def _plain_call(call):
    return not call.keywords and not any(isinstance(a, ast.Starred) for a in call.args)


def _return_state(tree, state, valued):
    """Every ``return v`` of the method returns the rebound attributes after ``v``."""
    def value(v):
        elts = ([v or ast.Constant(value=None)] if valued else []) + [A.name(s) for s in state]
        return elts[0] if len(elts) == 1 else ast.Tuple(elts=elts, ctx=ast.Load())
    for n in ast.walk(tree):
        if isinstance(n, ast.Return):
            n.value = A.at(value(n.value), n)
    if not isinstance(tree.body[-1], ast.Return):
        tree.body.append(A.at(ast.Return(value=value(None)), tree.body[-1]))


def _fresh(namer, base, taken):
    """A fresh name of the function's that is none of ``taken`` (the method's own names)."""
    name = namer.fresh(base)
    while name in taken:
        name = namer.fresh(base)
    return name
