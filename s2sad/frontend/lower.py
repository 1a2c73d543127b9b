"""Stage 2, lower: structured control flow only.

After this stage the function body has no ``break``, ``continue`` or early
``return``, and every ``for`` loops over ``range(...)``:

* ``return e`` in tail position becomes ``result = e``; anywhere else it also
  sets a flag ``returned = True`` and the statements after it are guarded by
  ``if not returned:``; enclosing loops test the flag. When every ``return``
  returns a tuple of n parts, each part gets its own name (``result_0 = a;
  result_1 = b``) and the function ends with ``return (result_0, result_1)``, so
  that a caller can unpack it;
* ``break`` and ``continue`` become flags the same way (``brk``, ``cont``);
* ``for x in X`` becomes ``for k in range(len(X)): x = X[k]`` (also
  ``enumerate`` and ``zip``); a ``for`` that breaks or returns becomes a
  ``while`` on a counter;
* the function ends with exactly one ``return``.
"""
import ast
import inspect

from .. import astutil as A
from ..errors import unsupported
from .fall_through import guard_end
from .resolve import MISSING, Resolver


def _tuple_width(returns, own=None):
    """n if every ``return`` returns a tuple display of n plain parts, else None. A tail call of the
    function itself (``own``, its name: ``return walk(xs, n - 1)`` of a recursive function whose base
    case returns ``a, b``) returns what the other returns do: it is unpacked (``Lowerer.return_``)."""
    widths = {len(r.value.elts) if isinstance(r.value, ast.Tuple)
              and not any(isinstance(e, ast.Starred) for e in r.value.elts) else None for r in returns
              if not _tail_call(r, own)}
    width = widths.pop() if len(widths) == 1 else None
    return width if width else None


def _tail_call(ret, own):
    value = ret.value
    return own is not None and isinstance(value, ast.Call) and isinstance(value.func, ast.Name) \
        and value.func.id == own


def _return_none(fdef, body, returns):
    """``body`` and its returns, where a bare ``return`` (or the end of the function) returns None."""
    for r in returns:
        if r.value is None:
            r.value = ast.copy_location(ast.Constant(None), r)
    if not body or not isinstance(body[-1], ast.Return):
        end = A.at(ast.Return(ast.Constant(None)), body[-1] if body else fdef)
        body = body + [end]
        returns = returns + [end]
    return body, returns


class _Loop:
    def __init__(self, namer):
        self.namer, self._brk, self._cont = namer, None, None

    @property
    def brk(self):
        self._brk = self._brk or self.namer.fresh("brk")
        return self._brk

    @property
    def cont(self):
        self._cont = self._cont or self.namer.fresh("cont")
        return self._cont


class Lowerer:
    """``effect``: the function is a helper called for its effect on its arguments (``apply_bc(u)``,
    result discarded), so it may return nothing: it returns ``None`` as Python does."""

    def __init__(self, src, namer, result_name="result", effect=False):
        self.src, self.namer, self.result_base, self.effect = src, namer, result_name, effect
        self.result, self._done = None, None

    @property
    def done(self):
        self._done = self._done or self.namer.fresh("returned")
        return self._done

    def function(self, fdef):
        body = [s for s in fdef.body if not A.is_docstring(s)]
        self.iterators = _iterator_names(fdef)
        self.assigned = {n.id for n in ast.walk(fdef) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)} \
            | {a.arg for a in fdef.args.args}
        returns = [n for s in body for n in ast.walk(s) if isinstance(n, ast.Return)]
        if self.effect:
            body, returns = _return_none(fdef, body, returns)
        if not returns or any(r.value is None for r in returns):
            node = returns[0] if returns else fdef
            raise unsupported(self.src, node, "a function that does not return a value",
                              "Return the value to differentiate, e.g. `return loss`.")
        body = guard_end(self.src, fdef, body)
        simple = len(returns) == 1 and body[-1] is returns[0]
        if not simple:
            width = _tuple_width(returns, fdef.name)
            self.result = self.namer.fresh(self.result_base) if width is None else \
                [self.namer.fresh(f"{self.result_base}_{k}") for k in range(width)]
        new_body, _ = self.block(body, None, tail=True)
        if self._done:
            new_body.insert(0, A.assign(self._done, A.const(False), like=body[0]))
        if not simple:
            value = A.name(self.result) if isinstance(self.result, str) else \
                ast.Tuple(elts=[A.name(r) for r in self.result], ctx=ast.Load())
            new_body.append(A.at(ast.Return(value), returns[-1]))
        fdef.body = new_body
        return fdef

    def block(self, stmts, loop, tail):
        """Lower a statement list; return (statements, flags that may be left set)."""
        out = []
        for i, stmt in enumerate(stmts):
            last = i == len(stmts) - 1
            new, flags = self.stmt(stmt, loop, tail and last)
            out.extend(new)
            if flags and not last:
                rest, more = self.block(stmts[i + 1:], loop, tail)
                if rest:
                    out.append(A.at(ast.If(test=A.none_of(flags), body=rest, orelse=[]), stmts[i + 1]))
                return out, flags | more
            if flags:
                return out, flags
        return out, set()

    def stmt(self, s, loop, tail):
        if isinstance(s, ast.Return):
            return self.return_(s, loop, tail)
        if isinstance(s, (ast.Break, ast.Continue)):
            if loop is None:
                raise unsupported(self.src, s, "`break`/`continue` outside a loop", "Remove it.")
            flag = loop.brk if isinstance(s, ast.Break) else loop.cont
            return [A.assign(flag, A.const(True), like=s)], {flag}
        if isinstance(s, ast.If):
            body, f1 = self.block(s.body, loop, tail)
            orelse, f2 = self.block(s.orelse, loop, tail)
            s.body, s.orelse = body or [A.at(ast.Pass(), s)], orelse
            return [s], f1 | f2
        if isinstance(s, (ast.While, ast.For)):
            orelse, s.orelse = s.orelse, []
            inner = _Loop(self.namer)
            out, flags = self.while_(s, inner) if isinstance(s, ast.While) else self.for_(s, inner)
            if orelse:  # `for ... else`: the else block runs unless the loop was left by break (or return)
                body, more = self.block(orelse, loop, tail)
                stops = {f for f in (inner._brk, self._done if self._done in flags else None) if f}
                if stops:
                    body = [A.at(ast.If(test=A.none_of(stops), body=body or [ast.Pass()], orelse=[]), orelse[0])]
                out, flags = out + body, flags | more
            return out, flags
        return [s], set()

    def return_(self, s, loop, tail):
        if self.result is None:
            return [s], set()
        if isinstance(self.result, list) and not isinstance(s.value, ast.Tuple):   # a tail call (_tuple_width)
            parts = ast.Tuple(elts=[A.name(r, store=True) for r in self.result], ctx=ast.Store())
            out = [A.at(ast.Assign(targets=[parts], value=s.value), s)]
        elif isinstance(self.result, list):  # every return is a tuple this wide: one name per part
            out = [A.assign(r, v, like=s) for r, v in zip(self.result, s.value.elts)]
        else:
            out = [A.assign(self.result, s.value, like=s)]
        if tail:
            return out, set()
        out.append(A.assign(self.done, A.const(True), like=s))
        return out, {self.done}

    def while_(self, s, loop):
        body, flags = self.block(s.body, loop, tail=False)
        pre, stops = [], []
        if loop._brk in flags:
            pre.append(A.assign(loop.brk, A.const(False), like=s))
            stops.append(A.not_(A.name(loop.brk)))
        if self._done and self._done in flags:
            stops.append(A.not_(A.name(self._done)))
        if loop._cont in flags:
            body.insert(0, A.assign(loop.cont, A.const(False), like=s))
        s.test, s.body = A.and_(*stops, s.test), body
        return pre + [s], flags & {self._done}

    def for_(self, s, loop):
        pre, target, rng, prefix = self.canonical_for(s)
        body, flags = self.block(prefix + s.body, loop, tail=False)
        if loop._cont in flags:
            body.insert(0, A.assign(loop.cont, A.const(False), like=s))
        if loop._brk in flags or (self._done and self._done in flags):
            out = pre + self.for_as_while(s, target, rng, body, loop, flags)
            if prefix:   # a loop over a sequence left by break or return (transforms/dict_loops.py)
                out[-1]._s2sad_stops = "break" if loop._brk in flags else "return"
            return out, flags & {self._done}
        s.target, s.iter, s.body = A.name(target, store=True), rng, body
        s._s2sad_seq = bool(prefix)   # over a sequence, its element bound first (not a range)
        return pre + [s], set()

    def canonical_for(self, s):
        """-> (statements before the loop, loop variable, range(...) call, body prefix)."""
        it, tgt = s.iter, s.target
        func = A.dotted_path(it.func) if isinstance(it, ast.Call) else None
        rebound = {n.id for n in ast.walk(ast.Module(body=s.body, type_ignores=[]))
                   if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
        if func == "range" and isinstance(tgt, ast.Name):
            pre, args = self.range_args(it.args, s, rebound, keep_expressions=True)
            return pre, tgt.id, (A.at(A.call("range", *args), it) if pre else it), []
        inner = it.args[0] if func == "reversed" and len(it.args) == 1 else None
        if isinstance(inner, ast.Call) and A.dotted_path(inner.func) == "range" and isinstance(tgt, ast.Name):
            from ..transforms.reverse import reversed_range
            pre, args = self.range_args(inner.args, s, rebound, keep_expressions=False)
            return pre, tgt.id, A.at(reversed_range(A.call("range", *args)), s), []
        pre = []
        self.rebound = rebound
        src = self.source(it, pre, s)
        if src[0] == "enumerate" and _is_zero(src[2]) and isinstance(tgt, ast.Tuple) and len(tgt.elts) == 2 \
                and isinstance(tgt.elts[0], ast.Name):
            k, tgt, elem = tgt.elts[0].id, tgt.elts[1], None
            elem = self.element(src[1], k)
            stop = self.length(src[1])
        else:
            k = self.namer.fresh("k")
            elem, stop = self.element(src, k), self.length(src)
        prefix = self.bind(tgt, elem, s)
        return pre, k, A.at(A.call("range", stop), s), prefix

    def range_args(self, args, s, rebound, keep_expressions):
        """``range``'s arguments, evaluated once before the loop as ``range()`` does: a fresh name
        for each that reads a name the body rebinds (``for i in range(n): n = n - 1`` runs n times,
        and the reverse sweep must count the same), and for each non-atom unless ``keep_expressions``."""
        pre, out = [], []
        for arg in args:
            reads_rebound = any(isinstance(n, ast.Name) and n.id in rebound for n in ast.walk(arg))
            if reads_rebound or not (keep_expressions or A.is_atom(arg)):
                pre.append(A.assign(self.namer.fresh("r"), arg, like=s))
                arg = A.name(pre[-1].targets[0].id)
            out.append(arg)
        return pre, out

    # ---- what a `for` loop iterates over ----------------------------------------------
    def source(self, it, pre, s):
        """A plan for iterating ``it``: ("seq", name), ("range", args), ("enumerate", plan,
        start), ("zip", plans) or ("reversed", plan); sequences are evaluated once, before the loop."""
        func = A.dotted_path(it.func) if isinstance(it, ast.Call) and not it.keywords or \
            isinstance(it, ast.Call) and [k.arg for k in it.keywords] == ["start"] or _strict_zip(it) else None
        args = _spliced(it.args) if func else []
        if any(isinstance(a, ast.Starred) for a in args):
            raise unsupported(self.src, s, f"`{func}(*...)` in a loop header: s2sad cannot count the "
                              "arguments it unpacks", f"Pass them one by one (`for a, b in {func}(xs, ys):`).")
        if func == "enumerate" and len(args) in (1, 2):
            start = args[1] if len(args) == 2 else next((k.value for k in it.keywords), A.const(0))
            return ("enumerate", self.source(args[0], pre, s), self.once(start, pre, s, "r"))
        if func == "zip" and args and (not it.keywords or _strict_zip(it)):
            plans = [self.source(a, pre, s) for a in args]
            if it.keywords and it.keywords[0].value.value and len(plans) > 1:   # strict=True: Python's check
                lens = [self.length(p) for p in plans]
                test = ast.BoolOp(op=ast.Or(), values=[ast.Compare(left=lens[0], ops=[ast.NotEq()], comparators=[n])
                                                       for n in lens[1:]])
                error = A.call("ValueError", A.const("zip() arguments have different lengths (strict=True)"))
                pre.append(A.at(ast.If(test=test, body=[A.at(ast.Raise(exc=error, cause=None), s)], orelse=[]), s))
            return ("zip", plans)
        if func == "range" and 1 <= len(args) <= 3 and not it.keywords:
            return ("range", [self.once(a, pre, s, "r") for a in args])
        if func == "reversed" and len(args) == 1 and not it.keywords:
            return ("reversed", self.source(args[0], pre, s))
        if isinstance(it, ast.Name) and it.id in getattr(self, "iterators", {}):
            made = self.iterators[it.id]
            raise unsupported(self.src, s, f"a loop over `{it.id}`, which holds what `{made}(...)` made (an "
                              "iterator: s2sad indexes what a loop runs over)",
                              f"Loop over `{made}(...)` where it is written (`for a, b in zip(xs, ys):`), "
                              f"or make a list of it first (`{it.id} = list({made}(...))`).")
        if _iterator_call(it) or self.makes_iterator(it) or isinstance(it, ast.Name) and isinstance(self.src.globals.get(it.id), dict) \
                and it.id not in getattr(self, "assigned", ()):
            it = A.at(A.call("list", it), it)   # a dict, its view or an iterator: the items, in order
        return ("seq", self.once(it, pre, s, "seq"))

    def makes_iterator(self, it):
        """Whether call ``it`` makes an iterator that has no ``len`` or index (``np.ndindex(...)``,
        ``itertools.product(...)``, a generator function): looped over as ``list(it)``."""
        if not isinstance(it, ast.Call):
            return False
        fn = Resolver(self.src, getattr(self, "assigned", ())).obj(it.func)
        if fn is MISSING:
            return False
        return inspect.isgeneratorfunction(fn) or isinstance(fn, type) and hasattr(fn, "__next__") \
            and not hasattr(fn, "__len__") and not hasattr(fn, "__getitem__")

    def once(self, e, pre, s, base):
        """``e`` evaluated once before the loop (a name the body rebinds too: Python iterates
        the object the name held when the loop started)."""
        if A.is_atom(e) and not (isinstance(e, ast.Name) and e.id in getattr(self, "rebound", ())):
            return e
        pre.append(A.assign(self.namer.fresh(base), e, like=s))
        return A.name(pre[-1].targets[0].id)

    def length(self, src):
        kind = src[0]
        if kind == "seq":
            return A.call("len", src[1])
        if kind == "range":
            return A.call("len", A.call("range", *src[1]))
        if kind == "zip":
            lens = [self.length(p) for p in src[1]]
            return lens[0] if len(lens) == 1 else A.call("min", *lens)
        return self.length(src[1])

    def element(self, src, k):
        """The k-th element: an expression, or ("tuple", [elements]) for enumerate and zip."""
        kind, i = src[0], A.name(k) if isinstance(k, str) else k
        if kind == "seq":
            return ast.Subscript(value=A.clone(src[1]), slice=i, ctx=ast.Load())
        if kind == "range":
            args = src[1]
            start = args[0] if len(args) > 1 else A.const(0)
            step = args[2] if len(args) == 3 else A.const(1)
            offset = i if _is_one(step) else ast.BinOp(i, ast.Mult(), A.clone(step))
            return offset if _is_zero(start) else ast.BinOp(A.clone(start), ast.Add(), offset)
        if kind == "enumerate":
            index = i if _is_zero(src[2]) else ast.BinOp(A.clone(i), ast.Add(), A.clone(src[2]))
            return ("tuple", [index, self.element(src[1], A.clone(i))])
        if kind == "zip":
            return ("tuple", [self.element(p, A.clone(i)) for p in src[1]])
        back = ast.BinOp(ast.BinOp(self.length(src[1]), ast.Sub(), A.const(1)), ast.Sub(), i)
        return self.element(src[1], back)

    def bind(self, tgt, elem, s):
        """Statements assigning the loop target from element ``elem``."""
        if isinstance(elem, tuple):
            if isinstance(tgt, (ast.Tuple, ast.List)):
                if len(tgt.elts) != len(elem[1]):
                    raise unsupported(self.src, s, "this loop target (its length does not match)",
                                      "Unpack exactly as many names as the loop yields.")
                return [a for t, e in zip(tgt.elts, elem[1]) for a in self.bind(t, e, s)]
            elem = ast.Tuple(elts=[e if not isinstance(e, tuple) else ast.Tuple(elts=e[1], ctx=ast.Load())
                                   for e in elem[1]], ctx=ast.Load())
        if isinstance(tgt, ast.Name) or isinstance(tgt, ast.Tuple) and all(
                isinstance(e, ast.Name) for e in tgt.elts):
            return [A.assign(A.clone(tgt), elem, like=s)]
        if isinstance(tgt, (ast.Tuple, ast.List)) and not any(isinstance(e, ast.Starred) for e in tgt.elts):
            whole = self.namer.fresh("item")   # `for a, (b, c) in pairs`: the item, then its parts
            return [A.assign(whole, elem, like=s)] + [
                a for k, t in enumerate(tgt.elts)
                for a in self.bind(t, ast.Subscript(value=A.name(whole), slice=A.const(k), ctx=ast.Load()), s)]
        raise unsupported(self.src, s, "this loop target", "Loop over range(len(x)) and index.")

    def for_as_while(self, s, target, rng, body, loop, flags):
        pre, args = [], []
        for arg in rng.args:  # range() evaluates its arguments once
            if not A.is_atom(arg):
                pre.append(A.assign(self.namer.fresh("r"), arg, like=s))
                arg = A.name(pre[-1].targets[0].id)
            args.append(arg)
        rng = A.call("range", *args)
        start = args[0] if len(args) > 1 else A.const(0)
        step = args[2] if len(args) > 2 else A.const(1)
        k, n = self.namer.fresh("k"), self.namer.fresh("n")
        pre += [A.assign(n, A.call("len", rng) if len(args) > 2 else
                        (args[0] if len(args) == 1 else ast.BinOp(args[1], ast.Sub(), start)), like=s),
               A.assign(k, A.const(0), like=s)]
        value = ast.BinOp(A.name(k), ast.Mult(), step) if len(args) > 2 else A.name(k)
        if len(args) > 1:
            value = ast.BinOp(start, ast.Add(), value)
        stops = [A.not_(A.name(f)) for f in sorted(flags & {loop._brk, self._done} - {None})]
        test = A.and_(ast.Compare(A.name(k), [ast.Lt()], [A.name(n)]), *stops)
        head = [A.assign(target, value, like=s),
                A.assign(k, ast.BinOp(A.name(k), ast.Add(), A.const(1)), like=s)]
        if loop._brk in flags:
            pre.append(A.assign(loop.brk, A.const(False), like=s))
        return pre + [A.at(ast.While(test=test, body=head + body, orelse=[]), s)]


def _spliced(args):
    """Call arguments with a starred list or tuple display spread out: ``zip(*[x, y])`` is ``zip(x, y)``."""
    out = []
    for a in args:
        out += a.value.elts if isinstance(a, ast.Starred) and isinstance(a.value, (ast.List, ast.Tuple)) else [a]
    return out


def _strict_zip(it):
    """``zip(..., strict=True)`` or ``strict=False`` (a constant): lowered like ``zip(...)``,
    with Python's length check for ``strict=True``."""
    return isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and it.func.id == "zip" \
        and [k.arg for k in it.keywords] == ["strict"] \
        and isinstance(it.keywords[0].value, ast.Constant) and isinstance(it.keywords[0].value.value, bool)


_ITERATOR_FUNCS = {"zip", "map", "filter", "iter", "enumerate", "reversed"}


def _iterator_call(e):
    """``d.items()``, ``d.values()``, ``d.keys()``, ``map(...)``, ``filter(...)``, ``iter(...)``:
    a loop over one sees items that have no index (zip, enumerate, reversed have plans)."""
    if not isinstance(e, ast.Call):
        return False
    if isinstance(e.func, ast.Attribute):
        return e.func.attr in ("items", "values", "keys") and not e.args and not e.keywords
    return isinstance(e.func, ast.Name) and e.func.id in ("map", "filter", "iter")


def _iterator_names(fdef):
    """Local names assigned (anywhere) a call that makes an iterator, or a live view of a dict
    (``d.values()``: it sees entries added later): name -> the function."""
    out = {}
    for node in ast.walk(fdef):
        if not (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)):
            continue
        func = node.value.func
        if isinstance(func, ast.Name) and func.id in _ITERATOR_FUNCS:
            out.update({t.id: func.id for t in node.targets if isinstance(t, ast.Name)})
        elif _iterator_call(node.value) and isinstance(func, ast.Attribute) and A.dotted_path(func):
            out.update({t.id: A.dotted_path(func) for t in node.targets if isinstance(t, ast.Name)})
    return out


def _is_zero(e):
    return isinstance(e, ast.Constant) and e.value == 0 and not isinstance(e.value, bool)


def _is_one(e):
    return isinstance(e, ast.Constant) and e.value == 1 and not isinstance(e.value, bool)
