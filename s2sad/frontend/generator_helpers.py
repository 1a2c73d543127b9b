"""Generator helpers: a helper of the user's written with ``yield`` is inlined as the list it
yields, where every item is read by a reader that cannot tell the two apart (issue 8; a
generator helper was refused at its ``yield``)::

    def pairs(x):                                    def pairs(x):
        for i in range(len(x) - 1):        ->            items = []
            yield x[i], x[i + 1]                         for i in range(len(x) - 1):
                                                             items.append((x[i], x[i + 1]))
                                                         return items

Python runs a generator's body a step each time its reader asks for an item; the list runs it
whole when the helper is called. The two give the same items when the body stops by itself and
nothing the body reads changes between the call and its last item. So:

- the helper (``as_list_builder``): ``yield e`` only as a statement (no ``x = yield e``: values
  sent in), ``yield from e`` read as ``for v in e: yield v``, no ``return`` with a value (the
  generator's StopIteration value), no ``yield`` inside a ``while`` (it may run for ever and
  rely on its reader to stop asking) nor in a ``for`` over ``itertools.count``/``cycle``/
  ``repeat``; a bare ``return`` returns the list.
- its call in the function (``generator_calls``, refusing the rest, located): the iterable of a
  ``for`` or of a comprehension, or the argument of a builtin reading every item at once (``sum``,
  ``list``, ``tuple``, ``min``, ``max``, ``sorted``, ``any``, ``all``), also through ``zip``/
  ``enumerate`` there. A ``for`` (or comprehension) reading it item by item must not write into
  the items it gets, into the call's arguments, or into anything but arrays and lists it made
  itself (``np.zeros``, ``[...]``, ``.copy()``...), directly or through a helper of the user's
  that writes into its parameters; and when the helper draws random numbers, the reader must not
  draw any (the order of draws would change). Read item by item (also beside others in a
  ``zip``), the generator must not write into its parameters, and a nested generator (lifted,
  its enclosing variables passed at the call) must not read a variable the reader rebinds.
  A generator kept in a name, passed to a function, read by ``next`` or sent values is refused,
  and so is one whose reader may stop before its last item (a ``for`` with a ``break`` or
  ``return``, ``any``/``all``, ``zip`` beside other iterables): Python never makes the items
  after that, s2sad makes them all, and a NaN or infinite slope at one would reach the gradient.

Invariant: a generator helper is rewritten only when called (``frontend(helper=True)``), and
every call of one the frontend lets through is read whole, with nothing changing in between
what its items are computed from.
"""
import ast
import inspect
import itertools

from .. import astutil as A
from ..errors import S2sadError, unsupported
from .generator_nexts import _become
from .lazy_generators import _library, _writes, call_writes, root_name
from .parsing import parse_function
from .resolve import MISSING, Resolver, user_function

_AT_ONCE = {"sum", "list", "tuple", "min", "max", "sorted", "any", "all"}
_FRESH = {"zeros", "ones", "empty", "full", "zeros_like", "ones_like", "empty_like", "full_like", "array", "copy"}
_CONTAINERS = {"list", "dict", "set"}
_ADVICE = ("Read the generator whole where it is called (`for a, b in pairs(x):`, `sum(... for a in gen(x))`, "
           "`list(gen(x))`), or make the helper build and return a list (`out.append(...)`; `return out`).")
_ADDS = {"append", "insert", "add"}
_INFINITE = {itertools.count, itertools.cycle, itertools.repeat}


def is_generator_helper(func):
    """A generator function of the user's (inlined as the list it yields), not a library's."""
    func = getattr(func, "__func__", func)
    return inspect.isgeneratorfunction(func) and user_function(func)


def as_list_builder(src, fdef, namer):
    """Rewrite the generator ``fdef`` in place into the function returning the list of its items."""
    items = namer.fresh("yielded")
    _check_generator(src, fdef)
    fdef.body = [A.at(ast.Assign(targets=[A.name(items, store=True)], value=ast.List(elts=[], ctx=ast.Load())),
                      fdef.body[0])] + _rewrite_block(fdef.body, items, namer) \
        + [A.at(ast.Return(value=A.name(items)), fdef.body[-1])]


def _check_generator(src, fdef):
    for node in _own_nodes(fdef):
        if isinstance(node, (ast.Yield, ast.YieldFrom)) and not getattr(node, "_s2sad_stmt", False):
            raise unsupported(src, node, "a `yield` used as a value (a generator that is sent values)",
                              "Pass the values as arguments, and yield only as a statement (`yield e`).")
        if isinstance(node, ast.Return) and node.value is not None:
            raise unsupported(src, node, "a generator's `return` value (Python hands it over in StopIteration)",
                              "Yield the value, or return it from a separate helper.")
        if isinstance(node, ast.While) and any(isinstance(n, (ast.Yield, ast.YieldFrom)) for n in ast.walk(node)):
            raise unsupported(src, node, "a generator yielding in a `while` loop (s2sad computes all its items "
                              "when it is called; a loop that only its reader stops would never end)",
                              "Yield in a counted `for` loop (`for k in range(n):`).")
        if isinstance(node, ast.For) and _infinite(src, node.iter):
            raise unsupported(src, node, "a generator over an endless iterator (`itertools.count`, `cycle`, "
                              "`repeat`): s2sad computes all its items when it is called",
                              "Yield in a counted `for` loop (`for k in range(n):`).")


def _own_nodes(fdef):
    """The nodes of ``fdef``'s own scope (not in nested functions, lambdas or classes); marks the
    ``yield``s that are statements."""
    stack = list(fdef.body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Expr) and isinstance(node.value, (ast.Yield, ast.YieldFrom)):
            node.value._s2sad_stmt = True
        yield node
        if not isinstance(node, A.SCOPES):
            stack.extend(ast.iter_child_nodes(node))


def _infinite(src, it):
    if not isinstance(it, ast.Call):
        return False
    obj = Resolver(src, ()).obj(it.func)
    if obj is itertools.repeat:
        return len(it.args) < 2 and not it.keywords
    return obj is not MISSING and obj in _INFINITE


def _rewrite_block(stmts, items, namer):
    out = []
    for s in stmts:
        if isinstance(s, ast.Expr) and isinstance(s.value, ast.Yield):
            value = s.value.value if s.value.value is not None else ast.Constant(value=None)
            out.append(A.at(ast.Expr(value=A.call(ast.Attribute(value=A.name(items), attr="append", ctx=ast.Load()),
                                                  value)), s))
            continue
        if isinstance(s, ast.Expr) and isinstance(s.value, ast.YieldFrom):
            v = namer.fresh("item")
            add = A.call(ast.Attribute(value=A.name(items), attr="append", ctx=ast.Load()), A.name(v))
            out.append(A.at(ast.For(target=A.name(v, store=True), iter=s.value.value,
                                    body=[A.at(ast.Expr(value=add), s)], orelse=[]), s))
            continue
        if isinstance(s, ast.Return):      # before the end: a copy (later stages follow one list per name)
            v = namer.fresh("item")
            s.value = A.at(ast.ListComp(elt=A.name(v), generators=[ast.comprehension(
                target=A.name(v, store=True), iter=A.name(items), ifs=[], is_async=0)]), s)
        for field in ("body", "orelse", "finalbody"):
            if isinstance(getattr(s, field, None), list) and not isinstance(s, (ast.FunctionDef, ast.ClassDef)):
                setattr(s, field, _rewrite_block(getattr(s, field), items, namer))
        for h in getattr(s, "handlers", ()):
            h.body = _rewrite_block(h.body, items, namer)
        out.append(s)
    return out


def generator_calls(src, fdef):
    """Refuse, located, every call of a generator helper in ``fdef`` not read as the module says."""
    resolver = Resolver(src, A.assigned_locals(fdef))
    parents = {id(c): p for p in A.walk(fdef) for c in ast.iter_child_nodes(p)}
    for node in A.walk(fdef):
        if isinstance(node, (ast.Name, ast.Attribute)) and isinstance(node.ctx, ast.Load) \
                and not isinstance(parents.get(id(node)), ast.Attribute):
            fn = resolver.obj(node)
            if fn is MISSING or not callable(fn) or not is_generator_helper(fn):
                continue
            call = parents.get(id(node))
            if not isinstance(call, ast.Call) or call.func is not node:
                raise unsupported(src, node, f"the generator `{A.dotted_path(node)}` used as a value", _ADVICE)
            _Reader(src, fdef, parents, call, fn).check()


class _Reader:
    """Where the generator made by ``call`` is read, and whether reading its items at once is exact."""

    def __init__(self, src, fdef, parents, call, fn):
        self.src, self.fdef, self.parents, self.call, self.fn = src, fdef, parents, call, fn
        self.name = A.dotted_path(call.func)

    def check(self):
        """What the generator does (``_check_generator``), how it is read, then where its reader stops."""
        try:
            inner = parse_function(self.fn)
        except S2sadError:      # no source: the inliner says so
            inner = None
        if inner is not None:
            _check_generator(inner, inner.tree)
        self._read()
        self._stops_early(self.call)

    def _read(self):
        node, parent = self.call, self.parents.get(id(self.call))
        while isinstance(parent, ast.Call) and self._is(parent.func, ("zip", "enumerate")) \
                and any(a is node for a in parent.args):
            node, parent = parent, self.parents.get(id(parent))
            if self._changed_by_generator():        # zip reads it a step at a time beside the others
                return self._item_by_item([], ast.Tuple(elts=[], ctx=ast.Store()))
        if isinstance(parent, ast.Call) and self._is(parent.func, _AT_ONCE) and parent.args and parent.args[0] is node:
            if parent.func.id == "list" and node is self.call and len(parent.args) == 1 and not parent.keywords:
                _become(parent, self.call)      # the helper returns a new list: list() of it is that list
            return
        if isinstance(parent, ast.For) and parent.iter is node:
            return self._item_by_item(parent.body + parent.orelse, parent.target)
        if isinstance(parent, ast.comprehension) and parent.iter is node:
            comp = self.parents.get(id(parent))
            parts = [comp.elt] + [i for c in comp.generators for i in c.ifs] \
                + [c.iter for c in comp.generators if c is not parent]
            return self._item_by_item([ast.Expr(value=p) for p in parts], parent.target)
        raise unsupported(self.src, self.call, f"the generator made by `{self.name}(...)` read here (s2sad computes "
                          "its items when it is called; it follows a generator read whole by a `for`, a "
                          "comprehension or `sum`/`list`/`tuple`/`min`/`max`/`sorted`/`any`/`all`)", _ADVICE)

    def _stops_early(self, node):
        """Refuse when what reads ``node`` lazily (the call, or a generator expression over it) may
        stop before its last item."""
        parent = self.parents.get(id(node))
        while isinstance(parent, ast.Call) and self._is(parent.func, ("zip", "enumerate")) \
                and any(a is node for a in parent.args):
            if len(parent.args) > 1:        # zip stops at the shortest: items past it never made
                self._refuse_early("`zip` beside other iterables")
            node, parent = parent, self.parents.get(id(parent))
        if isinstance(parent, ast.Call) and self._is(parent.func, ("any", "all", "next")) and parent.args \
                and parent.args[0] is node:
            self._refuse_early(f"`{parent.func.id}`, which stops at its first deciding item")
        if isinstance(parent, ast.For) and parent.iter is node \
                and A.leaves_loop(parent.body, returns=True):
            self._refuse_early("a loop with a `break` or `return`")
        if isinstance(parent, ast.comprehension) and parent.iter is node:
            comp = self.parents.get(id(parent))
            if isinstance(comp, ast.GeneratorExp) and comp.generators[0] is parent:
                self._stops_early(comp)

    def _refuse_early(self, reader):
        raise unsupported(self.src, self.call, f"the generator made by `{self.name}(...)` read by {reader} "
                          "(Python never makes the items after the reader stops; s2sad makes all of them "
                          "when the generator is made, and a NaN or infinite slope at an item never read "
                          "would still reach the gradient)",
                          "Read the generator whole (no `break`/`return` in the loop over it, not beside "
                          "others in a `zip`), or write the loop over the helper's own range.")

    def _is(self, func, names):
        return isinstance(func, ast.Name) and func.id in names and _library(func, self.src)

    def _item_by_item(self, body, target):
        written = _writes_into(body, self.src)
        own = {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}
        read = {n.id for a in self.call.args + [k.value for k in self.call.keywords] for n in ast.walk(a)
                if isinstance(n, ast.Name)}
        bad = sorted(w for w in written if w in own or w in read or not self._fresh(w))
        if bad:
            raise unsupported(self.src, self.call, f"the generator made by `{self.name}(...)` read item by item "
                              f"by code that writes into `{bad[0]}` (Python computes each item when it is read, "
                              "s2sad all of them when the generator is made: the items could differ)",
                              "Write into a copy (`y = x.copy()`), or build the list of items first "
                              f"(`items = list({self.name}(...))`).")
        changed = sorted(self._changed_by_generator() | self._rebound_captured(body))
        if changed:
            raise unsupported(self.src, self.call, f"the generator made by `{self.name}(...)` read item by item, "
                              f"where `{changed[0]}` changes between its items (it writes into it, or the code "
                              "reading it rebinds a variable it reads: Python computes each item when it is "
                              "read, s2sad all of them when the generator is made)",
                              f"Build the list of items first (`items = list({self.name}(...))`), or compute "
                              "the change outside the generator.")
        if _draws(self.fn) and any(_draw_call(n) for s in body for n in ast.walk(s)):
            raise unsupported(self.src, self.call, f"the generator made by `{self.name}(...)` draws random "
                              "numbers, and so does the code reading it item by item (s2sad computes all its "
                              "items first: the draws would come in another order)",
                              f"Build the list of items first (`items = list({self.name}(...))`).")

    def _changed_by_generator(self):
        """The parameters the generator writes into as it runs (a step per item, in Python)."""
        try:
            inner = parse_function(self.fn)
        except S2sadError:
            return {"its arguments"}
        params = {a.arg for a in inner.tree.args.args + inner.tree.args.kwonlyargs}
        return _writes_into(inner.tree.body, inner) & params

    def _rebound_captured(self, body):
        """The enclosing variables a nested generator reads (lift.py passes them at the call; Python
        reads them at each item) that the reading code rebinds."""
        captured = set(getattr(self.fn, "__s2sad_captured__", ()))
        return captured & {n.id for s in body for n in ast.walk(s) if isinstance(n, ast.Name)
                           and not isinstance(n.ctx, ast.Load)}

    def _fresh(self, name):
        """Whether every binding of ``name`` in the function makes a new array, or a new list or
        dict only written into by ``name[i] = v`` (a list may hold the items: ``name[i][j] = v``
        or ``name[i] += v`` would write into them)."""
        values = [s.value for s in A.walk(self.fdef) if isinstance(s, (ast.Assign, ast.AnnAssign))
                  and any(isinstance(t, ast.Name) and t.id == name
                          for t in (s.targets if isinstance(s, ast.Assign) else [s.target]))]
        stores = [n for n in A.walk(self.fdef) if isinstance(n, ast.Name) and n.id == name
                  and isinstance(n.ctx, ast.Store)]
        kinds = [_makes_new(v) for v in values]
        if not values or len(values) != len(stores) or None in kinds:
            return False
        return "array" in kinds and len(set(kinds)) == 1 or all(
            isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name) for s in A.walk(self.fdef)
            if isinstance(s, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Delete))
            for t in getattr(s, "targets", [getattr(s, "target", None)]) if root_name(t) == name
            and not isinstance(t, ast.Name) and not isinstance(s, ast.AugAssign))




def _makes_new(value):
    """"array" for a new NumPy array (``np.zeros(...)``, ``x.copy()``), "container" for a new
    list, dict or set (or arithmetic, which may repeat a list), else None."""
    if isinstance(value, (ast.List, ast.ListComp, ast.Dict, ast.DictComp, ast.BinOp)):
        return "container"
    if isinstance(value, ast.Call):
        path = A.dotted_path(value.func) or ""
        if path in _CONTAINERS:
            return "container"
        if path.endswith(".copy") and not value.args or path.split(".")[0] in ("np", "numpy") \
                and path.split(".")[-1] in _FRESH:
            return "array"
    return None


def _writes_into(stmts, src):
    """The names ``stmts`` may write into (not merely rebind): ``y[i] = ``, ``y.append``, a call.
    ``keep.append(a)`` writes into ``keep`` only; a write into ``keep`` then counts as one into
    every name appended to it (it may write into ``a``'s object)."""
    out, held = set(), {}
    for n in (n for s in stmts for n in ast.walk(s)):
        if isinstance(n, (ast.Subscript, ast.Attribute)) and isinstance(n.ctx, (ast.Store, ast.Del)):
            out.add(root_name(n))
        elif isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in _ADDS:
            held.setdefault(root_name(n.func.value), set()).update(root_name(a) for a in n.args)
        elif isinstance(n, ast.Call):
            out |= _call_writes(n, src)
    for receiver, items in held.items():
        out |= items if receiver in out else set()
    return (out | set(held)) - {None}


def _call_writes(call, src):
    """``call_writes``, narrowed for a helper of the user's to the arguments of the parameters it
    (or a call in it, conservatively) writes into."""
    fn = Resolver(src, ()).obj(call.func)
    if _library(call.func, src) or not inspect.isfunction(fn) or call.keywords:
        return call_writes(call, src)
    try:
        inner = parse_function(fn)
    except S2sadError:      # no source: assume it writes into everything
        return call_writes(call, src)
    params = [a.arg for a in inner.tree.args.args]
    written = _writes(inner.tree.body, inner) & set(params)
    out = {root_name(a) for p, a in zip(params, call.args) if p in written}
    out |= {root_name(a) for a in call.args[len(params):]}
    if isinstance(call.func, ast.Attribute):
        out.add(root_name(call.func.value))
    return out - {None}


def _draws(fn):
    try:
        tree = parse_function(fn).tree
    except S2sadError:      # no source: assume it draws
        return True
    return any(_draw_call(n) for n in ast.walk(tree))


_DRAW_METHODS = {"normal", "uniform", "standard_normal", "random", "integers", "choice", "shuffle",
                 "permutation", "randn", "rand", "randint", "exponential", "poisson", "binomial", "gamma",
                 "beta", "lognormal", "multivariate_normal", "random_sample", "gauss", "sample"}


def _draw_call(n):
    return isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and (
        n.func.attr in _DRAW_METHODS or "random" in (A.dotted_path(n.func) or ""))
