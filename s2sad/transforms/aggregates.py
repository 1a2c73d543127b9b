"""Dicts with constant keys become one variable per key (scalar replacement of aggregates).

After this stage no dict is left in the code, so every later stage sees plain
variables::

    d = {'w': W, 'b': b}            d_w = W
    y = d['w'] @ x + d['b']   ->    d_b = b
    d['b'] = y                      y = d_w @ x + d_b
                                    d_b = y

A dict is an object: ``e = d`` makes ``e`` another name for the same keys, so a
write through one is seen through the other, as in Python. A dict *parameter*
(``grad(f)({'a': 1.0, 'b': x})``; its keys are part of the specialisation, like
ranks) is read into one variable per key on entry, and its gradient is a dict
of the same shape. ``dict(d)`` and ``d.copy()`` are a new dict of the same entries (a shallow
copy). A differentiated *tuple* parameter (``grad(f)((a, b, c))``)
arrives as a dict of its positions (``arguments.TupleArgument``): ``a, b, c = t``
and ``t[0]`` read its leaves, any other read (``t[i]``, ``for w in t``, ``sum(t)``) a display of
them (``tuple_index.py``), and the caller gets a tuple of gradients. ``d.items()``, ``d.values()`` and
``d.keys()`` are lists of its (key, leaf) pairs, leaves or keys, in the dict's order
(for a parameter, part of its kind); ``len(t)`` of a tuple parameter is its number of items. Any
other use of a dict (a key that is not a constant, ``len(d)``, iterating over ``d`` itself, passing
it to a function that is not inlined) is refused with a located error, except for a dict parameter
only looked up and not differentiated (a vocabulary: ``lookup_dicts.py``), kept whole; a dict the function
returns (``has_aux``'s aux) is rebuilt as a dict literal of its entries in the ``return``.
"""
import ast
import re

from .. import astutil as A
from ..errors import unsupported
from . import dict_entries, dict_loops, dict_rebinds, tuple_index
from .dict_sources import copied_dict, copy_global


class Aggregates:
    def __init__(self, src, namer, param_kinds, scope=None):
        self.src, self.namer = src, namer
        self.scope = scope if scope is not None else {}   # the namespace's objects: a copied global dict
        self.objects = {}      # name -> layout {key: leaf name or nested layout}
        self.param_layouts = {}
        self.param_kinds = param_kinds
        self.views = set()     # names holding the list a dict view became (`list(view)` is that list)
        self.entries = {}      # leaf of a parameter -> the read of its entry (`p['w']`)
        self.uncertain = set()  # (id(layout), key): a key set inside a branch or a loop (dict_loops.py)
        self.key_lists = {}    # name -> the keys of a dict it lists (`sorted(d)`, `list(d.keys())`)
        self.key_owner = {}    # name -> the dict whose keys it lists (`d.keys()`, `list(d.keys())`)
        self.live = {}         # name -> the dict it is a live view of the keys of (`d.keys()`)
        self.entry_lists = {}  # name -> (dict, "items" or "values", [(key, its value then)]) (dict_entries.py)
        self.stopped = {}      # name -> "break" or "return": the key of a loop left so (dict_loops.py)
        self.tuples = set()    # id of each layout of a differentiated tuple (tuple_index.py)
        self.depth, self.key_written, self.counts, self.block, self.top = 0, None, None, None, None  # dict_rebinds
        self.tables = set()    # dict parameters kept whole, lookup tables (lookup_dicts.py)

    # ---- parameters -----------------------------------------------------------------
    def parameters(self, params, like, tables=()):
        """Statements reading each dict parameter's keys but ``tables``'s, and the flat list of leaf names."""
        out, flat, self.tables = [], {}, set(tables)
        for p in params:
            kind = self.param_kinds.get(p)
            if isinstance(kind, tuple) and kind and kind[0] == "dict" and (p not in tables or tuple_index.is_tuple_kind(kind)):
                layout = self.objects[p] = self.param_layouts[p] = {}
                flat[p] = self._read(p, A.name(p), kind, layout, out, like)
        return out, flat

    def _read(self, base, node, kind, layout, out, like, written=None):
        leaves, written = [], written or self.namer.as_written(base)
        if tuple_index.is_tuple_kind(kind):
            self.tuples.add(id(layout))
        for key, sub in kind[1]:
            value = ast.Subscript(value=A.clone(node), slice=A.const(key), ctx=ast.Load())
            value._opaque = True   # the parameter's gradient is assembled from its leaves' gradients
            if isinstance(sub, tuple) and sub and sub[0] == "dict":
                layout[key] = {}
                leaves += self._read(f"{base}_{key}", value, sub, layout[key], out, like, f"{written}[{key!r}]")
                continue
            leaf = layout[key] = self.entry_name(base, key, written)
            value._s2sad_kind = sub
            self.entries[leaf] = value
            out.append(A.at(A.assign(leaf, value), like))
            out[-1]._s2sad_entry = True
            leaves.append(leaf)
        return leaves

    def entry_name(self, name, key, written=None):
        """A fresh variable for entry ``key`` of dict ``name`` (``d_w``), which refusals spell as
        the user wrote it (``d['w']``: ``Namer.as_written``)."""
        leaf = self.namer.fresh(_leaf(name, key))
        self.namer.written[leaf] = f"{written or self.namer.as_written(name)}[{key!r}]"
        return leaf

    def gradient(self, p, adjoint_of):
        """The gradient of dict parameter ``p``: a dict literal of its leaves' adjoints."""
        return self._pack(self.param_layouts[p], adjoint_of)

    def _pack(self, layout, adjoint_of):
        keys = sorted(layout, key=repr)
        values = [self._pack(layout[k], adjoint_of) if isinstance(layout[k], dict) else A.name(adjoint_of(layout[k]))
                  for k in keys]
        return ast.Dict(keys=[A.const(k) for k in keys], values=values)

    # ---- the body ---------------------------------------------------------------------
    def run(self, stmts):
        if self.key_written is None:
            self.key_written, self.counts = dict_rebinds.key_written(stmts), dict_rebinds.counts(stmts)
        out = []
        for i, s in enumerate(stmts):
            self.block = (stmts, i)       # where a dict bound again stands (dict_rebinds.py)
            self.top = self.block if self.depth == 0 else self.top   # ... and the body's statement holding it
            found, entries = dict_loops.loop_keys(self, s), dict_entries.loop_entries(self, s)
            if found is not None:   # for key in d: one copy of the body per key
                out.extend(self._located(dict_loops.unroll(self, s, found), s))
            elif entries is not None:   # for k, v in d.items(): the same
                out.extend(self._located(dict_entries.unroll_entries(self, s, entries), s))
            elif isinstance(s, (ast.If, ast.For, ast.While)):
                dict_loops.note_stopped(self, s)
                before = {id(lay): set(lay) for lay in self.objects.values()}
                self.depth += 1      # a dict bound again in there keeps its variables (dict_rebinds.py)
                s.body, s.orelse = self.run(s.body), self.run(s.orelse)
                self.depth, self.block = self.depth - 1, (stmts, i)
                self.uncertain |= {(id(lay), k) for lay in self.objects.values() for k in lay
                                   if k not in before.get(id(lay), ())}
                if isinstance(s, ast.For):
                    s.iter = self._entries(s.iter, s)
                else:
                    s.test = self._entries(s.test, s)
                self._check_uses(s, [s.test if not isinstance(s, ast.For) else s.iter])
                out.append(s)
            else:
                shown, s = tuple_index.hoisted(self, s)   # t[i] of a tuple parameter
                out.extend(self._located(shown + self.stmt(s), s))
        return out

    def _located(self, stmts, s):
        """``stmts`` (what ``s`` became), each statement tagged with the Source of ``s`` where it
        has none of its own: a later stage's refusal names the user's line (``_s2sad_src``)."""
        src = getattr(s, "_s2sad_src", None) or self.src
        for node in (n for st in stmts for n in A.walk(st)):
            if isinstance(node, ast.stmt) and getattr(node, "_s2sad_src", None) is None:
                node._s2sad_src = src
        return stmts

    def stmt(self, s):
        if getattr(s, "_s2sad_entry", False):
            return [s]  # reads a dict parameter's entry on entry
        if not isinstance(s, ast.Assign):
            s = self._entries(s, s)
            self._check_uses(s, [s])
            self._forget(s)
            return [s]
        tgt, v = s.targets[0], s.value
        for form in (self._dict_form, self._key_form):
            out = form(s, tgt, v)
            if out is not None:
                return out
        if isinstance(tgt, ast.Name) and tgt.id in self.objects and id(self.objects[tgt.id]) in self.tuples \
                and isinstance(v, ast.Tuple) and not any(isinstance(e, ast.Starred) for e in v.elts):
            out = self._dict_form(s, tgt, A.at(ast.Dict(keys=[A.const(k) for k in range(len(v.elts))],
                                                        values=list(v.elts)), v))    # t = (t[1], t[0]): its items
            self.tuples.add(id(self.objects[tgt.id]))
            return out
        if isinstance(tgt, ast.Name) and tgt.id in self.objects:
            what = "a tuple argument (taken apart into its items)" if id(self.objects[tgt.id]) in self.tuples \
                else "a dict"
            raise unsupported(self.src, s, f"`{tgt.id}` holding {what} in one place and another value here",
                              "Use a new name for the other value.")
        s.value, s.targets = self._entries(v, s), [self._entries(tgt, s)]
        self._check_uses(s, [s.value, s.targets[0]])
        self._forget(s)
        return [s]

    def _dict_form(self, s, tgt, v):
        """A dict made, stored into, named again, copied, or one of its entries read: the
        statements that replace it (None: not one of these)."""
        if isinstance(v, ast.Dict):
            if not isinstance(tgt, ast.Name):
                raise unsupported(self.src, s, "a dict stored this way", "Assign the dict to a name.")
            layout = dict_rebinds.rebound_display(self, tgt.id, v, s)   # in a branch or loop: its variables
            layout = self.objects[tgt.id] = {} if layout is None else layout
            self.live = {view: d for view, d in self.live.items() if d != tgt.id}   # views of the old dict
            return [self._set(tgt.id, layout, k.value, val, s) for k, val in zip(v.keys, v.values)]
        if isinstance(tgt, ast.Subscript) and self._is_dict(tgt.value):
            layout = self.objects[tgt.value.id]
            key = self._key(tgt.slice, s)
            update = getattr(s, "_s2sad_aug", None) and isinstance(layout.get(key), str)
            out = self._set(tgt.value.id, layout, key, v, s)
            if update:   # d[k] += v updates the array d[k] holds in place (analyses/alias.py)
                out._s2sad_inplace = True
            return [out]
        if isinstance(v, ast.Name) and self._is_dict(v) and isinstance(tgt, ast.Name):
            out = dict_rebinds.rebound_copy(self, tgt.id, v.id, s, alias=True)
            if out is None:
                self.objects[tgt.id] = self.objects[v.id]   # another name for the same dict
            return out or []
        copied = copied_dict(v)
        if copied is not None and self._is_dict(copied) and isinstance(tgt, ast.Name):
            out = dict_rebinds.rebound_copy(self, tgt.id, copied.id, s, alias=False)
            return self._copy(tgt.id, self.objects[copied.id], s) if out is None else out
        if copied is not None and isinstance(tgt, ast.Name) and type(self.scope.get(copied.id)) is dict:
            dict_rebinds.refuse_other(self, tgt.id, s)
            return copy_global(self, tgt.id, copied, s)
        if isinstance(v, ast.Subscript) and self._is_dict(v.value) and isinstance(tgt, ast.Name):
            key = tuple_index.position(self, self.objects[v.value.id], self._key(v.slice, s))
            entry = self.objects[v.value.id].get(key)
            if entry is None:
                raise unsupported(self.src, s, f"the key {key!r}, which this dict does not have here",
                                  "Set the key before reading it.")
            if isinstance(entry, dict):
                dict_rebinds.refuse_other(self, tgt.id, s)
                self.objects[tgt.id] = entry
                return []
            return [A.at(A.assign(tgt.id, A.name(entry)), s)]
        return None

    def _key_form(self, s, tgt, v):
        """A dict's keys as a list (``sorted(d)``, ``list(d)``), their count, a view of it
        (``d.keys()``, ``d.items()``) or a list of a view: the statements that replace it
        (None: not one of these)."""
        keys = dict_loops.key_sequence(self, v) if isinstance(tgt, ast.Name) else None
        if keys is not None:   # sorted(d), list(d): a new list of its keys
            self.key_lists[tgt.id], self.key_owner[tgt.id] = keys, self.key_owner.get(v.args[0].id)
            return [A.at(ast.Assign(targets=[tgt], value=ast.List(elts=[A.const(k) for k in keys],
                                                                  ctx=ast.Load())), s)]
        if isinstance(v, ast.Call) and isinstance(v.func, ast.Name) and v.func.id == "len" and len(v.args) == 1 \
                and isinstance(v.args[0], ast.Name) and dict_loops.keyed(self, v.args[0].id):
            return [A.at(A.assign(tgt.id, A.const(len(dict_loops.certain_keys(self, v.args[0].id, s)))), s)]
        if isinstance(v, ast.Call) and isinstance(v.func, ast.Attribute) and self._is_dict(v.func.value) \
                and v.func.attr in VIEWS and not v.args and not v.keywords:
            if isinstance(tgt, ast.Name):
                self.views.add(tgt.id)
                if v.func.attr == "keys":
                    self.live[tgt.id] = self.key_owner[tgt.id] = v.func.value.id
            return self._view(tgt, v.func.value.id, v.func.attr, s)
        if isinstance(v, ast.Call) and isinstance(v.func, ast.Name) and v.func.id == "list" and len(v.args) == 1 \
                and not v.keywords and isinstance(v.args[0], ast.Name) and v.args[0].id in self.views:
            if v.args[0].id in self.entry_lists and isinstance(tgt, ast.Name):
                self.entry_lists[tgt.id] = self.entry_lists[v.args[0].id]
            return [A.at(ast.Assign(targets=[tgt], value=A.name(v.args[0].id)), s)]   # a fresh list already
        return None

    def returned(self, ret, compiled=False):
        """A dict the function returns (``has_aux``'s aux, ``return loss, {'a': x}``) is rebuilt
        there from its entries' current values, as Python returns it (refused under jit: numba's
        dicts hold one type of value). Returning a dict as a value to differentiate is refused
        when the function runs (``arguments.check_output``)."""
        def rebuild(node):
            if self._is_dict(node) and compiled:
                raise unsupported(self.src, ret, "returning a dict with jit=True (numba's dicts "
                                  "hold values of one type)", "Return its values as a tuple "
                                  "(`return loss, (a, b)`), or use jit=False.")
            if self._is_dict(node):
                return tuple_index.packed(self, self.objects[node.id])
            if isinstance(node, ast.Tuple):
                node.elts = [rebuild(e) for e in node.elts]
            return node
        ret.value = rebuild(ret.value)

    def _set(self, name, layout, key, value, s):
        if isinstance(value, ast.Name) and self._is_dict(value):
            layout[key] = self.objects[value.id]
            return A.at(ast.Pass(), s)
        leaf = layout.get(key)
        if not isinstance(leaf, str):
            leaf = layout[key] = self.entry_name(name, key)
        return A.at(A.assign(leaf, A.clone(value)), s)

    def _copy(self, name, layout, s):
        """``e = dict(d)`` / ``d.copy()``: a new dict of the same entries (a shallow copy: the
        arrays and inner dicts it holds are the same objects, as in Python)."""
        new = self.objects[name] = {}
        out = []
        for key, leaf in layout.items():
            if isinstance(leaf, dict):
                new[key] = leaf
                continue
            new[key] = self.entry_name(name, key)
            out.append(A.at(A.assign(new[key], A.name(leaf)), s))
        return out

    def _view(self, tgt, name, attr, s):
        """``tgt = d.items()`` / ``d.values()`` / ``d.keys()``: ``tgt`` a list of its (key, value)
        pairs (each a temporary, as the anf stage writes them), values or keys, in the dict's
        order (Python's: insertion order, part of a parameter's kind). Each value is first copied
        to a name (the entry as it is now), which ``entry_lists`` records for a loop over ``tgt``
        (dict_entries.py)."""
        layout = self.objects[name]
        if attr != "keys" and any(isinstance(leaf, dict) for leaf in layout.values()):
            raise unsupported(self.src, s, f"`{name}.{attr}()` of a dict holding dicts",
                              "Loop over the inner dicts' entries with constant keys.")
        out, elts, entries = [], [], []
        for key in dict_loops.certain_keys(self, name, s, "the entries of"):
            if attr == "keys":
                elts.append(A.const(key))
                continue
            entries.append((key, self.entry_name(name, key)))
            out.append(A.at(A.assign(entries[-1][1], A.name(layout[key])), s))
            if attr == "items":
                out.append(A.at(A.assign(self.namer.fresh("t"), ast.Tuple(
                    elts=[A.const(key), A.name(entries[-1][1])], ctx=ast.Load())), s))
            elts.append(A.name(out[-1].targets[0].id))
        if attr != "keys" and isinstance(tgt, ast.Name):
            self.entry_lists[tgt.id] = (name, attr, entries)
        return out + [A.at(ast.Assign(targets=[tgt], value=ast.List(elts=elts, ctx=ast.Load())), s)]

    def _key(self, idx, s):
        if isinstance(idx, ast.Constant) and isinstance(idx.value, (str, int)):
            return idx.value
        dict_loops.refuse_key(self, idx, s)
        raise unsupported(self.src, s, "a dict read or written with a key that is not a constant",
                          f"Use constant keys (`d['w']`). {dict_loops.RUN_TIME_KEYS}")

    def _entries(self, node, s):
        """``node`` with each entry read with a constant key inside an expression
        (``np.zeros_like(d['w'])``, ``len(d['w'])``, ``d['w'].shape[0]``) replaced by its leaf."""
        def leaf(n):
            if isinstance(n, ast.Subscript) and (self._is_dict(n.value) or isinstance(n.value, ast.Subscript)):
                layout = self.objects[n.value.id] if self._is_dict(n.value) else leaf(n.value)
                if isinstance(layout, dict) and isinstance(n.slice, ast.Constant):
                    entry = layout.get(tuple_index.position(self, layout, self._key(n.slice, s)))
                    if entry is None:
                        raise unsupported(self.src, s, f"the key {n.slice.value!r}, which this dict does not "
                                          "have here", "Set the key before reading it.")
                    return entry
            return None

        def length(n):
            """``len(t)`` of a tuple parameter or of a tuple it holds (its layout: the positions
            0..n-1): n, else None."""
            if isinstance(n.func, ast.Name) and n.func.id == "len" and len(n.args) == 1 and not n.keywords \
                    and self._is_dict(n.args[0]) and (n.args[0].id in self.param_layouts
                                                      or id(self.objects[n.args[0].id]) in self.tuples):
                layout = self.objects[n.args[0].id]
                return len(layout) if list(layout) == list(range(len(layout))) else None
            return None

        agg = self

        class Entries(ast.NodeTransformer):
            def visit_Subscript(self, n):
                entry = leaf(n)
                if isinstance(entry, str):
                    return ast.copy_location(ast.Name(id=entry, ctx=n.ctx), n)
                return self.generic_visit(n)

            def visit_Call(self, n):   # a, b = t checks len(t) (frontend/anf.py): a tuple's is known
                got = dict_loops.get(agg, n, s)
                if got is not None:    # d.get('k', default)
                    return self.visit(got)
                k = length(n)
                return ast.copy_location(ast.Constant(k), n) if k is not None else self.generic_visit(n)
        return Entries().visit(node)

    def _forget(self, s):
        """A list of keys that ``s`` may change or rebind (other than ``len(ks)``) lists them no more."""
        v = getattr(s, "value", None)
        if isinstance(v, ast.Call) and isinstance(v.func, ast.Name) and v.func.id == "len" and isinstance(s, ast.Assign):
            return
        for n in A.walk(s):
            if isinstance(n, ast.Name) and n.id in self.key_lists:
                del self.key_lists[n.id]
            if isinstance(n, ast.Name) and n.id in self.entry_lists:
                del self.entry_lists[n.id]

    def _is_dict(self, node):
        return isinstance(node, ast.Name) and node.id in self.objects

    def _check_uses(self, s, parts):
        for part in parts:
            for n in A.walk(part):
                if isinstance(n, ast.Name) and n.id in self.objects and _in_display(s, n):
                    raise unsupported(self.src, s, f"`{n.id}` (a dict, or a differentiated tuple) kept in a list "
                                      "or tuple that is then written into, rebound, grown or passed on",
                                      "A list of dicts is followed when it is bound once and only read "
                                      "(`for L in rows: L['w']`, `rows[i]['w']`, `len(rows)`): compute the "
                                      "values that change in names of their own first (`w0 = 2.0 * x[0]`), "
                                      "then build the list from them.")
                if isinstance(n, ast.Name) and n.id in self.objects:
                    raise unsupported(self.src, s, f"this use of `{n.id}` (a dict, or a differentiated tuple)",
                                      "Read and write its entries with constant keys (`d['w']`, `t[0]`, "
                                      "`a, b = t`); pass it only to your own helper functions. If it "
                                      "stands for an array, pass np.array(...) instead of a tuple.")


VIEWS = ("items", "values", "keys")


def _in_display(s, name):
    """Is ``name`` an item of the list or tuple display ``s`` assigns (``rows = [d0, d1]``)?"""
    value = getattr(s, "value", None)
    return isinstance(s, ast.Assign) and isinstance(value, (ast.List, ast.Tuple)) and any(e is name for e in value.elts)


def _leaf(base, key):
    text = re.sub(r"\W", "_", str(key))
    return f"{base}_{text}" if text and not text[0].isdigit() else f"{base}_k{text}"
