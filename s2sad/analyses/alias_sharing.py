"""Which names may share a buffer (``alias.Aliasing``'s groups): the pairs each operation makes.

``Sharing.sharing(op)`` says which targets of ``op`` may hold (a view of) which source's buffer:
a copy of a name, a basic slice (not fancy indexing, which copies), a list display or append
holding its items, a call that may return a view of an argument (``alias_views.shared_arguments``),
a helper left as a call (any argument), an attribute of a global (``Cfg.table``: the global's own
array). ``groups`` closes these pairs over the operations into sets of names that may share.

Invariant: two names that may share a buffer at some point are in one group (a superset: the
write-back stage refuses what it cannot follow exactly, so a larger group only refuses more).
``Sharing`` is a mixin of ``Aliasing``: it reads ``self.ns``, ``self.ranks``, ``self.globals``,
``self.zero_d`` and ``self.lists``.
"""
import ast
import types

import numpy as np

from .alias_flow import _list_arithmetic
from .alias_views import is_new, shared_arguments
from .ir import resolve
from ..errors import unsupported

CODE = (type, types.FunctionType, types.BuiltinFunctionType, np.ufunc)   # a class or a function
NUMBERS = (bool, int, float, complex, np.generic)   # immutable: a name bound to one shares nothing


class Sharing:
    def may_alias(self, name):
        return self.ranks.get(name) != 0 or name in self.zero_d

    def groups(self, ops):
        parent = {}

        def find(v):
            while parent.get(v, v) != v:
                v = parent[v]
            return v

        def union(a, b):
            if self.may_alias(a) and self.may_alias(b):
                parent[find(a)] = find(b)
        for op in ops:
            for a, b in self.sharing(op):
                union(a, b)
        out = {}
        for v in set(parent) | set(parent.values()):
            out.setdefault(find(v), set()).add(v)
        return {v: g for g in out.values() for v in g}

    def sharing(self, op):
        """(target, source) pairs: after ``op`` the target may hold (a view of) the source's buffer."""
        s = op.stmt
        if op.kind == "copy":
            return [(t, op.operands[0]) for t in op.targets]
        if op.kind == "getitem" and op.operands and not self.fancy(s.value.slice):
            return [(op.targets[0], op.operands[0])]
        if op.kind in ("pack", "append") and not (op.kind == "pack" and op.func is not None):
            return [(op.targets[0], o) for o in op.operands if o != op.targets[0]]   # a list holds its items
        if op.kind == "binop" and _list_arithmetic(s.value, getattr(self, "lists", ())):  # [a] * 3 holds a
            return [(op.targets[0], o) for o in op.operands if o in self.lists]
        if isinstance(s, ast.Assign) and isinstance(s.value, ast.Attribute):   # t = Cfg.table, cfg.opt.W
            root = s.value
            while isinstance(root, ast.Attribute):
                root = root.value
            if isinstance(root, ast.Name) and root.id in self.globals \
                    and not isinstance(resolve(self.ns, s.value), NUMBERS):   # math.pi: no buffer
                return [(t, root.id) for t in op.targets]
            if isinstance(root, ast.Name) and root.id in self.sequences:   # t = p.w of an object argument p
                return [(t, root.id) for t in op.targets]
        if op.kind in ("call", "unknown", "helper", "opaque") and isinstance(s.value, ast.Call):
            if op.kind == "helper" and not (op.func is not None and is_new(op.func)):
                # a helper left as a call may return (a view of) any argument; s2sad's run-time
                # helpers (`dot_grad_left` in an adjoint hvp differentiates) build new arrays
                return [(t, a.id) for t in op.targets for a in s.value.args if isinstance(a, ast.Name)]
            fn = op.func if op.func is not None else resolve(self.ns, s.value.func)
            return [(t, a) for t in op.targets for a in shared_arguments(fn, s.value)   # alias_views.py
                    if not self.code_into_class(fn, a)]
        return []

    def refuse_attribute_write(self, n, m, w, groups, flat):
        """A write through ``n``, which holds (a view of) an array read as an attribute of the
        argument ``m`` (``w = p.w``): s2sad copies an argument it writes into, but an object's
        attributes are not copied with it, so the write would change the caller's object (and
        later reads of ``p.w`` would not see it in the derivative): refused, located."""
        names = groups.get(n, set()) | {n}
        for e in flat:
            v = None if e.header else getattr(e.stmt, "value", None)
            if not isinstance(e.stmt, ast.Assign) or not isinstance(v, ast.Attribute):
                continue
            root = v
            while isinstance(root, ast.Attribute):
                root = root.value
            if isinstance(root, ast.Name) and root.id == m and {t.id for t in e.stmt.targets if isinstance(t, ast.Name)} & names:
                n, said = self.namer.as_written(n), self.namer.as_written(m)
                raise unsupported(self.src, w.stmt, f"a write through `{n}`, which holds an array read from an "
                                  f"attribute of the argument `{said}` (s2sad never writes into the caller's "
                                  "objects, and cannot copy their attributes)",
                                  f"Copy it when you read it: `{n} = np.copy(...)`.")

    def code_into_class(self, fn, name):
        """True for a global class or function handed to a class call (`defaultdict(float)`,
        `partial(f, ...)`): the object made holds no buffer of it. (Code still hands out the arrays
        it holds through other calls: `getattr(C, 'table')`, `vars(mod)`.)"""
        return isinstance(fn, type) and name in self.globals and isinstance(self.ns.objects.get(name), CODE)

    def fancy(self, idx):
        """True if indexing with ``idx`` copies (an integer or boolean array among its parts)."""
        parts = idx.elts if isinstance(idx, ast.Tuple) else [idx]
        return any(isinstance(p, ast.Name) and self.ranks.get(p.id) not in (0, None) for p in parts)
