"""Stage 1a', functional forms: ``map``, ``filter`` and ``functools.reduce`` become the loops they run
(``itertools.accumulate`` too: ``accumulate.py``).

``map(F, A, B)`` and ``filter(F, S)`` whose values are used where they are made (the iterable of
a ``for`` or of a comprehension, the one argument of ``list``, ``tuple``, ``sum``, ``min``,
``max``, ``sorted``, ``any``, ``all``) become the generator expressions they are
(``iterator_forms.py``), which ``desugar`` makes loops. One kept in a name (an iterator, read
later and once) is left as written, and refused later.

``np.fromiter(it, float)`` is ``np.array(list(it), dtype=float)`` (a number dtype, no ``count``);
``max(zip(a, b))`` (``min``, no key) is ``max(list(zip(a, b)))``.

``functools.reduce(F, S, init)`` in a place Python evaluates once per statement (not a ``while``
test, not a branch of ``a if c else b`` or after ``and``/``or``, not in a lambda or a
comprehension) becomes, just before its statement::

    acc = init                   # without init:  seq = S
    for v in S:                  #                acc = seq[0]
        acc = F(acc, v)          #                for k in range(1, len(seq)): acc = F(acc, seq[k])

and the call becomes ``acc``. ``F`` is a lambda (its parameters bound to fresh names first), an
``operator`` function of two operands (``operator.mul``: ``acc * v``) or another callable, called.
``max(S, key=F)`` and ``min`` (in the same places) become the loop CPython runs: the first item
whose key is greater (less) than every earlier one, ``ValueError`` on no items; the choice is
piecewise constant, the item chosen keeps its derivative.

Invariant: the items are computed in Python's order, once each, and combined as Python combines
them; a form not listed here is left exactly as written.
"""
import ast
import builtins
import functools

import numpy as np

from .. import astutil as A
from .accumulate import accumulate_loop, is_accumulate
from .iterator_forms import applied, as_generator, is_call_of, plain_lambda, resolves_in
from .resolve import dotted_object, np_ref

CONSUMERS = {builtins.list, builtins.tuple, builtins.sum, builtins.min, builtins.max, builtins.sorted,
             builtins.any, builtins.all}
_ITERATORS = (builtins.map, zip, enumerate, range, reversed, filter)
ONCE = {ast.Assign: "value", ast.AugAssign: "value", ast.AnnAssign: "value", ast.Expr: "value",
        ast.Return: "value", ast.If: "test", ast.For: "iter"}


def rewrite_functional(src, fdef, namer):
    """Rewrite ``fdef`` in place (see the module's docstring)."""
    resolve = functools.partial(dotted_object, src, local=set(A.assigned_locals(fdef)))
    fdef.body = _Reduces(resolve, namer, src).block(fdef.body)
    for node in _own_nodes(fdef):
        _fromiter_as_array(node, resolve)
        _zip_listed(node, resolve)
    for node in _own_nodes(fdef):
        for holder, field, index in _consumed_places(node, resolve):
            value = getattr(holder, field) if index is None else getattr(holder, field)[index]
            new = as_generator(value, resolve, namer)
            if new is not None:
                if index is None:
                    setattr(holder, field, new)
                else:
                    getattr(holder, field)[index] = new


def rewrite_statements(src, fdef, namer, stmts):
    """The statements ``stmts`` (new ones a later stage writes into ``fdef``, such as the
    ``sorted(L, key=F)`` of ``L.sort(key=F)``) rewritten as :func:`rewrite_functional` rewrites a
    block of ``fdef``."""
    resolve = functools.partial(dotted_object, src, local=set(A.assigned_locals(fdef)))
    return _Reduces(resolve, namer, src).block(stmts)


def _fromiter_as_array(node, resolve):
    """``np.fromiter(it, dtype)`` -> ``np.array(list(it), dtype=dtype)``, in place: the same
    1-d array of the iterable's numbers (whose ``list(map(F, xs))`` the pass after this reads as a
    comprehension); only with a number dtype of Python or NumPy and no ``count``/``like``."""
    if not (isinstance(node, ast.Call) and resolves_in(node.func, resolve, (np.fromiter,))) \
            or any(isinstance(a, ast.Starred) for a in node.args) or any(k.arg is None for k in node.keywords):
        return
    bound = dict(zip(("iter", "dtype"), node.args)) if len(node.args) <= 2 else None
    if bound is None or any(k.arg != "dtype" or "dtype" in bound for k in node.keywords):
        return
    bound.update((k.arg, k.value) for k in node.keywords)
    d = bound.get("dtype")
    dtype = d.value if isinstance(d, ast.Constant) else resolve(d) if d is not None else None
    if "iter" not in bound or not _number_dtype(dtype):
        return
    node.func = A.at(np_ref("np.array"), node.func)
    node.args = [A.at(A.call("list", bound["iter"]), bound["iter"])]
    node.keywords = [ast.keyword(arg="dtype", value=bound["dtype"])]


def _zip_listed(node, resolve):
    """``max(zip(a, b))`` / ``min(...)`` (no key) -> ``max(list(zip(a, b)))``: the same tuples,
    listed (a list of tuples has the rule CPython's comparison of tuples gives), in place."""
    if isinstance(node, ast.Call) and len(node.args) == 1 and not node.keywords \
            and resolves_in(node.func, resolve, (max, min)) and is_call_of(node.args[0], resolve, zip):
        node.args[0] = A.at(A.call("list", node.args[0]), node.args[0])


def _number_dtype(dtype):
    try:
        return dtype is not None and np.dtype(dtype).kind in "fiu"
    except TypeError:
        return False


def _own_nodes(fdef):
    """The nodes of ``fdef`` outside nested functions and lambdas (each is rewritten on its own)."""
    todo = list(fdef.body)
    for node in todo:
        yield node
        for child in ast.iter_child_nodes(node):
            if not isinstance(child, A.SCOPES):
                todo.append(child)


def _consumed_places(node, resolve):
    """(holder, field, index) of the iterables ``node`` reads at once, item after item (with
    the iterables of a ``zip`` or ``enumerate`` found there)."""
    places = []
    if isinstance(node, (ast.For, ast.comprehension)):
        places.append((node, "iter", None))
    elif isinstance(node, ast.Call) and len(node.args) == 1 and not isinstance(node.args[0], ast.Starred) \
            and resolves_in(node.func, resolve, CONSUMERS):
        places.append((node, "args", 0))
    for holder, field, index in places:
        value = getattr(holder, field) if index is None else getattr(holder, field)[index]
        if isinstance(value, ast.Call) and not value.keywords and resolves_in(value.func, resolve, (zip, enumerate)):
            places.extend((value, "args", k) for k in range(len(value.args)))
    return places






def _keyed_extreme(node, resolve):
    """``max(S, key=F)``, ``min(a, b, key=F)``: a key and no ``default``, a lambda of one plain
    parameter or any other callable."""
    if not isinstance(node, ast.Call) or not node.args or any(isinstance(a, ast.Starred) for a in node.args) \
            or [k.arg for k in node.keywords] != ["key"] or not resolves_in(node.func, resolve, (max, min)):
        return False
    fn = node.keywords[0].value
    return not isinstance(fn, ast.Lambda) or plain_lambda(fn, 1) is not None


def _keyed_sort(node, resolve):
    """``sorted(S, key=F)``, ``sorted(S, reverse=True)`` (a constant), or both: one iterable."""
    if not isinstance(node, ast.Call) or len(node.args) != 1 or isinstance(node.args[0], ast.Starred) \
            or not resolves_in(node.func, resolve, (sorted,)):
        return False
    if not node.keywords:      # sorted(zip(a, b)): the tuples are the keys (sorted(xs) of numbers has a rule)
        return is_call_of(node.args[0], resolve, zip)
    kws = {k.arg: k.value for k in node.keywords}
    if len(kws) != len(node.keywords) or not set(kws) <= {"key", "reverse"} or "reverse" in kws \
            and not (isinstance(kws["reverse"], ast.Constant) and type(kws["reverse"].value) is bool):
        return False
    fn = kws.get("key")
    return not isinstance(fn, ast.Lambda) or plain_lambda(fn, 1) is not None








class _Reduces(ast.NodeTransformer):
    """Hoists each ``functools.reduce`` of a statement into the loop before it."""

    def __init__(self, resolve, namer, src):
        self.resolve, self.namer, self.src = resolve, namer, src
        self.pre, self.stmt = [], None

    def block(self, stmts):
        out = []
        for s in stmts:
            for field in ("body", "orelse"):
                if isinstance(getattr(s, field, None), list) and not isinstance(s, (ast.FunctionDef, ast.ClassDef)):
                    setattr(s, field, self.block(getattr(s, field)))
            field = ONCE.get(type(s))
            if isinstance(s, ast.For):
                s.iter._s2sad_consumed = True     # (itertools.accumulate read at once: accumulate.py)
            if field is not None and getattr(s, field, None) is not None:
                self.pre, self.stmt = [], s
                setattr(s, field, self.visit(getattr(s, field)))
                out.extend(self.pre)
            out.append(s)
        return out

    def visit_Call(self, node):
        if len(node.args) == 1 and resolves_in(node.func, self.resolve, CONSUMERS) \
                or len(node.args) == 2 and resolves_in(node.func, self.resolve, (sum,)):   # sum(it, start)
            node.args[0]._s2sad_consumed = True
        node = self.generic_visit(node)
        if is_accumulate(node, self.resolve):
            return accumulate_loop(self, node, plain_lambda, self._listed)
        if _keyed_extreme(node, self.resolve):
            return self._extreme(node)
        if _keyed_sort(node, self.resolve):
            return self._sorted(node)
        if not is_call_of(node, self.resolve, functools.reduce) or len(node.args) not in (2, 3):
            return node
        fn = node.args[0]
        lam = plain_lambda(fn, 2)
        if isinstance(fn, ast.Lambda) and lam is None:
            return node
        acc = self.namer.fresh("acc")
        if len(node.args) == 3:
            item = self.namer.fresh("item")
            first = [A.assign(acc, node.args[2])]
            loop = ast.For(target=A.name(item, store=True), iter=node.args[1], body=[], orelse=[])
            value = A.name(item)
        else:
            seq, k = self.namer.fresh("seq"), self.namer.fresh("k")
            items = node.args[1]
            if is_call_of(items, self.resolve, builtins.map):   # an iterator: its items listed first
                items = A.at(A.call("list", items), items)
            first = [A.assign(seq, items),
                     A.assign(acc, ast.Subscript(value=A.name(seq), slice=A.const(0), ctx=ast.Load()))]
            loop = ast.For(target=A.name(k, store=True),
                           iter=A.call("range", A.const(1), A.call("len", A.name(seq))), body=[], orelse=[])
            value = ast.Subscript(value=A.name(seq), slice=A.name(k), ctx=ast.Load())
        loop.body = self._combine(fn, lam, acc, value)
        self.pre.extend(A.at(s, self.stmt) for s in first + [loop])
        return A.at(A.name(acc), node)

    def _extreme(self, node):
        """``max(S, key=F)`` -> the loop keeping the first item whose key is greater than every
        earlier key (``<`` for min), as CPython compares them; ``max(a, b, key=F)`` reads ``[a, b]``."""
        fn = next(k.value for k in node.keywords)
        lam = plain_lambda(fn, 1)
        items = node.args[0] if len(node.args) == 1 else A.at(ast.List(elts=list(node.args), ctx=ast.Load()), node)
        items = self._listed(items)
        seq, k, best, best_key, item, item_key = (self.namer.fresh(b) for b in (
            "seq", "k", "best", "best_key", "item", "item_key"))
        name = "max" if self.resolve(node.func) is builtins.max else "min"
        empty = A.call("ValueError", A.const(f"{name}() iterable argument is empty"))
        better = ast.Compare(left=A.name(item_key), ops=[ast.Gt() if name == "max" else ast.Lt()],
                             comparators=[A.name(best_key)])
        loop = ast.For(target=A.name(k, store=True), iter=A.call("range", A.const(1), A.call("len", A.name(seq))),
                       body=[A.assign(item, ast.Subscript(value=A.name(seq), slice=A.name(k), ctx=ast.Load())),
                             *self._key(fn, lam, item, item_key),
                             ast.If(test=better, body=[A.assign(best, A.name(item)),
                                                       A.assign(best_key, A.name(item_key))], orelse=[])],
                       orelse=[])
        first = [A.assign(seq, items),
                 ast.If(test=ast.Compare(left=A.call("len", A.name(seq)), ops=[ast.Eq()], comparators=[A.const(0)]),
                        body=[ast.Raise(exc=empty, cause=None)], orelse=[]),
                 A.assign(best, ast.Subscript(value=A.name(seq), slice=A.const(0), ctx=ast.Load())),
                 *self._key(fn, lam, best, best_key), loop]
        self.pre.extend(A.at(s, self.stmt) for s in first)
        return A.at(A.name(best), node)

    def _sorted(self, node):
        """``sorted(S, key=F)`` -> the keys computed in order, the positions ``sorted`` puts them
        in (``seq_order``: stable, as the builtin; no derivative), then the items at those positions.
        ``sorted(zip(a, b))``: the items are their own keys. ``reverse=True`` is CPython's: the
        list reversed, sorted (stable), reversed again (items of equal keys keep their order)."""
        kws = {k.arg: k.value for k in node.keywords}
        fn, reverse = kws.get("key"), "reverse" in kws and kws["reverse"].value
        lam = plain_lambda(fn, 1)
        items = node.args[0]
        items = self._listed(items)
        seq, keys, k, item, key, order, out = (self.namer.fresh(b) for b in (
            "seq", "keys", "k", "item", "key", "order", "ordered"))
        from ..rules import runtime_sequences
        seq_order = A.name("seq_order")
        seq_order._s2sad_obj = runtime_sequences.seq_order
        append = ast.Attribute(value=A.name(keys), attr="append", ctx=ast.Load())
        loop = ast.For(target=A.name(k, store=True), iter=A.call("range", A.call("len", A.name(seq))),
                       body=[A.assign(item, ast.Subscript(value=A.name(seq), slice=A.name(k), ctx=ast.Load())),
                             *(self._key(fn, lam, item, key) if fn else [A.assign(key, A.name(item))]),
                             ast.Expr(value=A.call(append, A.name(key)))],
                       orelse=[])
        picked = ast.Subscript(value=A.name(seq), slice=ast.Subscript(value=A.name(order), slice=A.name(k),
                                                                      ctx=ast.Load()), ctx=ast.Load())
        gen = ast.comprehension(target=A.name(k, store=True), iter=A.call("range", A.call("len", A.name(seq))),
                                ifs=[], is_async=0)
        first = [A.assign(seq, items), A.assign(keys, ast.List(elts=[], ctx=ast.Load())), loop,
                 *self._order(seq_order, keys, order, reverse),
                 A.assign(out, ast.ListComp(elt=picked, generators=[gen]))]
        self.pre.extend(A.at(s, self.stmt) for s in first)
        return A.at(A.name(out), node)

    def _order(self, seq_order, keys, order, reverse):
        """``order = seq_order(keys)``; reversed: ``o = seq_order(keys[::-1])`` read backwards,
        each position counted from the end."""
        if not reverse:
            return [A.assign(order, A.call(seq_order, A.name(keys)))]
        rkeys, o, j, n = (self.namer.fresh(b) for b in ("rkeys", "o", "j", "n"))

        def back(name, i):      # name[n - 1 - i]
            last = ast.BinOp(left=ast.BinOp(left=A.name(n), op=ast.Sub(), right=A.const(1)), op=ast.Sub(), right=i)
            return ast.Subscript(value=A.name(name), slice=last, ctx=ast.Load())
        gen = ast.comprehension(target=A.name(j, store=True), iter=A.call("range", A.name(n)), ifs=[], is_async=0)
        mirrored = ast.BinOp(left=ast.BinOp(left=A.name(n), op=ast.Sub(), right=A.const(1)), op=ast.Sub(),
                             right=back(o, A.name(j)))
        return [A.assign(n, A.call("len", A.name(keys))),
                A.assign(rkeys, ast.ListComp(elt=back(keys, A.name(j)), generators=[gen])),
                A.assign(o, A.call(A.clone(seq_order), A.name(rkeys))),
                A.assign(order, ast.ListComp(elt=mirrored, generators=[A.clone(gen)]))]

    def _listed(self, items):
        """``items`` indexable: an iterator or a range (``enumerate(x)``, ``zip(a, b)``, a generator)
        listed first, as the builtin reads them all."""
        if isinstance(items, ast.GeneratorExp) or any(is_call_of(items, self.resolve, f) for f in _ITERATORS):
            return A.at(A.call("list", items), items)
        return items

    def _key(self, fn, lam, item, out):
        """``out = F(item)``: a lambda's body with its parameter bound first, else a call."""
        if lam is None:
            return [A.assign(out, applied(fn, [A.name(item)], self.resolve))]
        param = self.namer.fresh(lam.args.args[0].arg)
        body = A.clone(lam.body)
        for n in ast.walk(body):
            if isinstance(n, ast.Name) and n.id == lam.args.args[0].arg:
                n.id = param
        return [A.assign(param, A.name(item)), A.assign(out, body)]

    def _combine(self, fn, lam, acc, value):
        if lam is None:
            return [A.assign(acc, applied(fn, [A.name(acc), value], self.resolve))]
        params = {p.arg: self.namer.fresh(p.arg) for p in lam.args.args}
        body = A.clone(lam.body)
        for n in ast.walk(body):
            if isinstance(n, ast.Name) and n.id in params:
                n.id = params[n.id]
        first, second = params.values()
        return [A.assign(first, A.name(acc)), A.assign(second, value), A.assign(acc, body)]

    def visit_IfExp(self, node):
        node.test = self.visit(node.test)
        return node         # its branches run on some paths only: left as written

    def visit_BoolOp(self, node):
        node.values[0] = self.visit(node.values[0])
        return node

    def _comprehension(self, node):
        """Its first iterable is read at once, where it stands; the rest, once an item, is left as written."""
        if not isinstance(node, ast.GeneratorExp) or getattr(node, "_s2sad_consumed", False):
            node.generators[0].iter._s2sad_consumed = True     # iterated through at once (accumulate.py)
        node.generators[0].iter = self.visit(node.generators[0].iter)
        return node

    def visit_Lambda(self, node):      # its body runs when called: left as written
        return node
    visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = _comprehension
