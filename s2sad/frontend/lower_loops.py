"""Stage 2, lower, its loop headers: what a ``for`` loop iterates over, as a counted loop.

``ForHeaders`` (a mixin of ``lower.Lowerer``) turns a loop header into ``for k in range(n)``
and the statements binding the user's target from element ``k`` (``canonical_for``): a
sequence ``X`` is indexed (``x = X[k]``; ``X.tolist()`` of a 1-d float array: ``x = float(X[k])``), ``range``'s arguments are evaluated once before the
loop, ``enumerate``, ``zip`` (``strict=True`` with Python's length check) and ``reversed``
are planned (``source``) and indexed together; a dict, its views, ``map``/``filter``/``iter``,
generator functions and sets (``set_values.py``) are looped over as ``list(...)``.

Invariant: the counted loop visits the same elements in the same order as Python's loop, each
iterated object evaluated once, before the loop, as Python does (a name the body rebinds is
copied first), and the loop runs as many times as Python's would (``range``'s arguments read
before the body can change them); ``for a, b in zip(*rows)`` (the columns of a matrix or of a list
of lists) runs as many times as zip yields tuples, ``a = rows[0][k]``, with Python's ValueError where
the tuples would not unpack (``rules/runtime_checks.zip_count``); a header it cannot count
(``zip(*xs)`` into one name, a target of another length, an iterator kept in a name) is refused at
its line with what to write instead.
"""
import ast
import inspect

from .. import astutil as A
from ..errors import unsupported
from .generator_helpers import is_generator_helper
from .itertools_loops import itertools_element, itertools_kind, itertools_length, itertools_plan
from .resolve import MISSING, Resolver
from .set_values import looped_as_list


class ForHeaders:
    """Mixin of ``lower.Lowerer`` (which has ``src``, ``namer``, and ``iterators`` and
    ``assigned`` once ``function`` started)."""

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
        if _rows_zip(it, tgt):
            return self.rows_zip(it.args[0].value, tgt, pre, s)
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

    def rows_zip(self, rows, tgt, pre, s):
        """``for a, b in zip(*rows)``: the loop runs ``zip_count(rows, 2)`` times (Python's
        ValueError where the tuples would not unpack into the names), binding ``a = rows[0][k]``,
        ``b = rows[1][k]``: the columns of a matrix or of a list of lists."""
        from ..rules import runtime
        rows = self.once(rows, pre, s, "rows")
        count = A.name("zip_count")
        count._s2sad_obj = runtime.zip_count
        stop = self.once(A.at(ast.Call(func=count, args=[A.clone(rows), A.const(len(tgt.elts))], keywords=[]), s),
                         pre, s, "r")
        k = self.namer.fresh("k")
        elems = [ast.Subscript(value=ast.Subscript(value=A.clone(rows), slice=A.const(i), ctx=ast.Load()),
                               slice=A.name(k), ctx=ast.Load()) for i in range(len(tgt.elts))]
        return pre, k, A.at(A.call("range", stop), s), self.bind(tgt, ("tuple", elems), s)

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
            also = " or unpack each tuple into one name per row (`for a, b in zip(*rows):`)" if func == "zip" else ""
            raise unsupported(self.src, s, f"`{func}(*...)` in a loop header: s2sad cannot count the "
                              "arguments it unpacks", f"Pass them one by one (`for a, b in {func}(xs, ys):`){also}.")
        kind = itertools_kind(self, it)
        if kind:        # itertools.pairwise / product: itertools_loops.py
            return itertools_plan(self, kind, it, pre, s)
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
        if _tolist(it):     # x.tolist() of a 1-d float array: the numbers float(x[k]), checked first;
            # `lst = x.tolist()` (tolist_values.py): x[k].item(). x named first: the check reads it again
            kept = getattr(it, "_s2sad_kept", False)
            x = self.once(it.func.value, pre, s, "seq")
            return ("items" if kept else "floats",
                    self.once(self.checked_call(x, "kept_items" if kept else "flat_items"), pre, s, "seq"))
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
        else:                                   # a set: its elements, in Python's loop's order
            it = looped_as_list(it, getattr(self, "sets", ()), self.src.globals, getattr(self, "assigned", ()))
        return ("seq", self.once(it, pre, s, "seq"))

    def makes_iterator(self, it):
        """Whether call ``it`` makes an iterator that has no ``len`` or index (``np.ndindex(...)``,
        ``itertools.product(...)``, a generator function): looped over as ``list(it)``."""
        if not isinstance(it, ast.Call):
            return False
        fn = Resolver(self.src, getattr(self, "assigned", ())).obj(it.func)
        if fn is MISSING:
            return False
        if is_generator_helper(fn):     # inlined as the list it yields (generator_helpers.py)
            return False
        return inspect.isgeneratorfunction(fn) or isinstance(fn, type) and hasattr(fn, "__next__") \
            and not hasattr(fn, "__len__") and not hasattr(fn, "__getitem__")

    def checked_call(self, x, check):
        """``checked(x, check(x))``: ``x`` read after the run-time check ``check`` of rules/runtime_checks.py."""
        names = [_runtime_name(name) for name in ("checked", check)]
        inner = ast.Call(func=names[1], args=[A.clone(x)], keywords=[])
        return A.at(ast.Call(func=names[0], args=[x, inner], keywords=[]), x)

    def once(self, e, pre, s, base):
        """``e`` evaluated once before the loop (a name the body rebinds too: Python iterates
        the object the name held when the loop started)."""
        if A.is_atom(e) and not (isinstance(e, ast.Name) and e.id in getattr(self, "rebound", ())):
            return e
        pre.append(A.assign(self.namer.fresh(base), e, like=s))
        return A.name(pre[-1].targets[0].id)

    def length(self, src):
        kind = src[0]
        if kind in ("seq", "floats", "items"):
            return A.call("len", src[1])
        if kind == "range":
            return A.call("len", A.call("range", *src[1]))
        if kind == "zip":
            lens = [self.length(p) for p in src[1]]
            return lens[0] if len(lens) == 1 else A.call("min", *lens)
        if kind in ("pairwise", "product"):
            return itertools_length(self, src)
        return self.length(src[1])

    def element(self, src, k):
        """The k-th element: an expression, or ("tuple", [elements]) for enumerate and zip."""
        kind, i = src[0], A.name(k) if isinstance(k, str) else k
        if kind == "seq":
            return ast.Subscript(value=A.clone(src[1]), slice=i, ctx=ast.Load())
        if kind in ("floats", "items"):     # items: the Python numbers of a 1-d array, as `.item()` gives them
            fn = "float" if kind == "floats" else _runtime_name("item")
            return A.call(fn, ast.Subscript(value=A.clone(src[1]), slice=i, ctx=ast.Load()))
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
        if kind in ("pairwise", "product"):
            return itertools_element(self, src, i)
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


def _runtime_name(name):
    """A name standing for ``rules.runtime``'s function ``name``."""
    from ..rules import runtime
    node = A.name(name)
    node._s2sad_obj = getattr(runtime, name)
    return node


def _tolist(it):
    """``x.tolist()`` (no arguments)."""
    return isinstance(it, ast.Call) and isinstance(it.func, ast.Attribute) and it.func.attr == "tolist" \
        and not it.args and not it.keywords


def _rows_zip(it, tgt):
    """``zip(*rows)`` unpacked into a tuple of names (no starred one): the width is the target's."""
    return isinstance(it, ast.Call) and A.dotted_path(it.func) == "zip" and not it.keywords \
        and len(it.args) == 1 and isinstance(it.args[0], ast.Starred) \
        and not isinstance(it.args[0].value, (ast.List, ast.Tuple)) \
        and isinstance(tgt, (ast.Tuple, ast.List)) and not any(isinstance(e, ast.Starred) for e in tgt.elts)


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


def iterator_names(fdef):
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
