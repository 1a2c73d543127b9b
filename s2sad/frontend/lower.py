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
  ``enumerate`` and ``zip``: :mod:`s2sad.frontend.lower_loops`); a ``for`` that breaks or
  returns becomes a ``while`` on a counter;
* the function ends with exactly one ``return``.
"""
import ast

from .. import astutil as A
from ..errors import unsupported
from .fall_through import guard_end
from .lower_loops import ForHeaders, iterator_names
from .set_values import set_names


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


class Lowerer(ForHeaders):
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
        self.iterators = iterator_names(fdef)
        self.sets = set_names(fdef, self.src.globals)
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


