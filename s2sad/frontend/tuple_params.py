"""Stage 1b, differentiated tuple-like parameters other than plain tuples.

A differentiated tuple parameter arrives as its positions (``arguments.TupleArgument``); so do
two other kinds of argument, whose class is part of the build's kind
(``analyses/expr_ranks.structure``) and whose gradient goes back to the caller in that class:

* **a namedtuple** (JAX users' ``class Params(NamedTuple)``): its fields are read by position::

      def loss(p, x):                               def loss(p, x):
          return np.sum((p.W @ x + p.b) ** 2)  ->       return np.sum((p[0] @ x + p[1]) ** 2)

  nested namedtuples (``p.layer1.W``) position after position (:func:`namedtuple_fields`); so
  are the items of a list or tuple parameter of namedtuples of the same fields (``layers[i].W``,
  and ``p.W`` of a loop name ``for p in layers`` bound by that loop only);
* **a list** (autograd users' ``params = [(W1, b1), (W2, b2)]``): read as the tuple it holds,
  which it is as long as the function only reads it (:func:`read_only_lists`).

Invariants: fields are rewritten only for a parameter the function never rebinds (no store,
``del``, ``global`` or ``nonlocal`` of its name), and only a chain of field names; anything else
(``p._replace(...)``, ``getattr(p, name)``) is left as written (refused later, located). A list
parameter is accepted only where every read of its name is an index (``ps[i]``, ``ps[1:]``), a loop or
comprehension over it, an unpacking (``a, b = ps``), an argument of ``len``, ``enumerate``,
``zip``, ``reversed``, ``list``, ``tuple``, of NumPy's or SciPy's functions (not a ``shuffle``), or
of a helper of the user's whose parameter is read only by the same rules (followed into it, as
s2sad inlines it); a write into it, a method of it (``ps.append``, ``ps[0] = w``, ``ps += [w]``,
which change the caller's list in Python), a list operation (``ps + [w]``, ``ps * 2``) or a
rebinding of the name is refused at its line.
"""
import ast
import builtins
import inspect

from .. import astutil as A
from ..errors import unsupported

_READERS = ("len", "enumerate", "zip", "reversed", "list", "tuple")


def namedtuple_fields(fdef, kinds, src=None):
    fielded = {p: k for p, k in (kinds or {}).items() if _fields(k)}
    unbound = _unbound(fdef)
    for p in set(fielded) & unbound:
        if src is not None:
            _refuse_field_stores(src, fdef, p)
        _Fields(p, fielded[p]).visit(fdef)
    named = {p: _fields(fielded[p]) for p in set(fielded) & unbound}
    for seq, item in _uniform_items(kinds).items():
        if seq not in unbound:
            continue
        _Fields(seq, item, indexed=True).visit(fdef)       # `layers[i].W` -> `layers[i][0]`
        for name in _loop_names(fdef, seq) & unbound:     # `for p in layers: p.W` -> `p[0]`
            _Fields(name, item).visit(fdef)
            named[name] = _fields(item)
    for seq, item in _uniform_items(kinds).items():
        if seq in unbound:
            named[seq, "item"] = _fields(item)      # `layer(layers[i], h)`: its item passed whole
    fdef._s2sad_namedtuples = named     # passed whole to a helper: ``record_helpers.param_records``


def _refuse_field_stores(src, fdef, p):
    """Refuse ``p.W = v`` / ``p.W += v`` / ``del p.W`` of a differentiated record parameter: in
    Python it changes the caller's dataclass (a namedtuple's raises), and the gradient is with
    respect to the values the caller passed."""
    for node in ast.walk(fdef):
        base = node
        while isinstance(base, ast.Attribute):
            base = base.value
        if isinstance(node, ast.Attribute) and not isinstance(node.ctx, ast.Load) \
                and isinstance(base, ast.Name) and base.id == p:
            raise unsupported(src, node, f"this assignment to the field `{ast.unparse(node)}` of the argument "
                              f"`{p}`, with respect to which s2sad differentiates (it would change the "
                              "caller's object, and its gradient is with respect to the fields passed)",
                              f"Read the field into a local variable and change that (`{node.attr} = "
                              f"{ast.unparse(node)}`, then `{node.attr} = {node.attr} * 2`).")


def _unbound(fdef):
    """The names ``fdef`` never rebinds: its parameters, and its loop names bound by one ``for`` only."""
    stores = [n.id for n in ast.walk(fdef) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)]
    loops = {n.target.id for n in ast.walk(fdef) if isinstance(n, ast.For) and isinstance(n.target, ast.Name)}
    params = {a.arg for a in fdef.args.posonlyargs + fdef.args.args + fdef.args.kwonlyargs}
    once = {n for n in loops if stores.count(n) == 1}
    return (params - _bound(fdef)) | (once - params - _bound_elsewhere(fdef))


def _bound_elsewhere(fdef):
    """Names declared ``global``/``nonlocal``, or bound (or a parameter) in a nested scope or comprehension."""
    out = {name for n in ast.walk(fdef) if isinstance(n, (ast.Global, ast.Nonlocal)) for name in n.names}
    for n in ast.walk(fdef):
        if n is not fdef and isinstance(n, (ast.FunctionDef, ast.Lambda, ast.comprehension)):
            out |= {m.id for m in ast.walk(n) if isinstance(m, ast.Name) and not isinstance(m.ctx, ast.Load)}
            out |= {a.arg for a in ast.walk(n) if isinstance(a, ast.arg)}
    return out


def _uniform_items(kinds):
    """list or tuple parameter -> the kind of its items, where every item is a namedtuple of the
    same fields, nested alike (its items' ``p.W`` read by position)."""
    out = {}
    for p, k in (kinds or {}).items():
        if _marker(k) not in ("list", None) or not isinstance(k, tuple) or len(k) < 3 or k[2] != "tuple":
            continue
        items = [v for _, v in k[1]]
        if items and _fields(items[0]) and all(_skeleton(v) == _skeleton(items[0]) for v in items):
            out[p] = items[0]
    return out


def _skeleton(kind):
    """A kind's namedtuple field names, nested: equal skeletons read ``.a.b`` at the same positions."""
    if not isinstance(kind, tuple) or len(kind) < 3 or kind[0] != "dict":
        return None
    return _marker(kind), tuple((key, _skeleton(v)) for key, v in kind[1])


def _loop_names(fdef, seq):
    return {n.target.id for n in ast.walk(fdef) if isinstance(n, ast.For) and isinstance(n.target, ast.Name)
            and isinstance(n.iter, ast.Name) and n.iter.id == seq}


def read_only_lists(src, fdef, kinds):
    lists = [p for p, k in (kinds or {}).items() if _marker(k) == "list"]
    for p in lists:
        _ReadOnly(src).check(fdef, p, src, depth=0)


class _ReadOnly:
    """Refuse any use of a list parameter other than a read, in the function and in the helpers
    it is passed to (which s2sad inlines: the list is theirs then)."""
    DEPTH = 8

    def __init__(self, src):
        self.src, self.seen = src, set()

    def check(self, fdef, name, src, depth):
        parents = {id(c): n for n in ast.walk(fdef) for c in ast.iter_child_nodes(n)}
        for node in ast.walk(fdef):
            if isinstance(node, ast.Name) and node.id == name and not self._read(node, parents, src, depth):
                raise unsupported(src, node, f"this use of the list `{name}`, with respect to which s2sad "
                                  "differentiates (a list argument is read as the tuple of its items: indexed, "
                                  "looped over, unpacked, measured with len(), passed to NumPy or to your own "
                                  "functions that only read it; never changed, joined or rebound)",
                                  f"Pass a tuple (`tuple({name})`), or build a new list of its items under another "
                                  f"name (`{name}2 = [p for p in {name}]`) and change that one.")

    def _read(self, node, parents, src, depth):
        parent = parents.get(id(node))
        if isinstance(parent, ast.Subscript):
            return parent.value is node and isinstance(parent.ctx, ast.Load)
        if isinstance(parent, (ast.For, ast.comprehension)):
            return parent.iter is node
        if isinstance(parent, ast.Assign):
            return parent.value is node and all(isinstance(t, (ast.Tuple, ast.List)) for t in parent.targets)
        if isinstance(parent, ast.Call) and node in parent.args and not isinstance(node.ctx, ast.Store):
            return self._passed(parent, parent.args.index(node), src, depth)
        return False

    def _passed(self, call, position, src, depth):
        """A call given the list: a builtin that reads it, NumPy, or a helper of the user's whose
        parameter at that position is read only (the same rules, followed into it)."""
        from .parsing import parse_function
        from .resolve import dotted_object, library_function
        obj = dotted_object(src, call.func)
        if obj is None or any(isinstance(a, ast.Starred) for a in call.args[:position + 1]):
            return False
        if isinstance(call.func, ast.Name) and obj is getattr(builtins, call.func.id, None):
            return call.func.id in _READERS
        if not inspect.isfunction(obj) or library_function(obj):
            return getattr(obj, "__name__", "") != "shuffle" and type(obj).__module__.split(".")[0] in ("numpy", "scipy")
        if depth >= self.DEPTH or (obj, position) in self.seen:
            return (obj, position) in self.seen
        self.seen.add((obj, position))
        hsrc = parse_function(obj)
        params = hsrc.tree.args.posonlyargs + hsrc.tree.args.args
        if position >= len(params):
            return False
        self.check(hsrc.tree, params[position].arg, hsrc, depth + 1)
        return True


def _bound(fdef):
    bound = {n.id for n in ast.walk(fdef) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)}
    return bound | {name for n in ast.walk(fdef) if isinstance(n, (ast.Global, ast.Nonlocal)) for name in n.names}


def _marker(kind):
    return kind[3] if isinstance(kind, tuple) and len(kind) > 3 and kind[2] == "tuple" else None


def _fields(kind):
    """The field names of a namedtuple parameter's kind, or None."""
    marker = _marker(kind)
    return marker if isinstance(marker, tuple) else None


class _Fields(ast.NodeTransformer):
    """``param.a.b`` -> ``param[i][j]`` by the kind's field names; ``indexed``: ``param[k].a`` (an
    item of a list or tuple parameter, the kind its items')."""
    def __init__(self, param, kind, indexed=False):
        self.param, self.kind, self.indexed = param, kind, indexed

    def visit_Attribute(self, node):
        chain, inner = [], node
        while isinstance(inner, ast.Attribute):
            chain.append(inner)
            inner = inner.value
        if not self._base(inner):
            return self.generic_visit(node)
        if self.indexed:
            self.generic_visit(inner)
        out, kind = inner, self.kind
        for attr in reversed(chain):           # from the parameter outwards
            fields = _fields(kind)
            if fields is None or attr.attr not in fields:
                attr.value = out               # no field: kept, on the positions read so far
                return node
            position = fields.index(attr.attr)
            out = A.at(ast.Subscript(value=out, slice=A.const(position), ctx=attr.ctx), attr)
            kind = dict(kind[1]).get(position)
        return out

    def _base(self, inner):
        if not self.indexed:
            return isinstance(inner, ast.Name) and inner.id == self.param
        return isinstance(inner, ast.Subscript) and isinstance(inner.value, ast.Name) and inner.value.id == self.param \
            and isinstance(inner.ctx, ast.Load) and not isinstance(inner.slice, ast.Slice)
