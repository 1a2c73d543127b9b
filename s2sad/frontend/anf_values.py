"""Expressions in A-normal form (a mixin of :class:`.anf.ANF`): ``value`` makes an expression one
operation over atoms, emitting the statements its operands need first (``atom``: a name or a
constant, through a fresh temporary ``t``); ``opaque`` says which expressions carry no derivative
and are kept whole; ``if`` tests (``test``), conditional expressions, ``and``/``or`` used for
their value, dicts with constant keys and index expressions get their own forms. Calls are
:mod:`.anf_calls`'.

Invariant: the operations emitted compute what the expression computes, in Python's order of
evaluation, each operand once (``a or b`` evaluates ``b`` only when ``a`` is false); an
expression whose value carries no derivative is kept whole and marked ``_opaque``; anything
else that has no one-operation form is refused at its line, saying what to write instead.
"""
import ast

import numpy as np

from .. import astutil as A
from ..errors import unsupported
from .calls import boolean as _boolean
from .index_tricks import mark, r_join
from .methods import NONDIFF_METHODS, STR_METHODS, result_field
from .resolve import MISSING, NONDIFF_ATTRS, np_ref


class Values:
    """Mixin of :class:`.anf.ANF` (``src``, ``namer``, ``res``; ``emit``, ``temp``, ``block``, ``call``)."""

    # ---- expressions ------------------------------------------------------
    def flat_read(self, e, s):
        """``x.flat`` read: ``np.ravel(x)`` of an array; of a name surely holding a list or tuple, left as
        written (Python raises its AttributeError when the function runs); refused, located, of a name
        that may hold either (``np.ravel`` would make an array of a list)."""
        name = e.value.id if isinstance(e.value, ast.Name) else None
        if name in getattr(self, "sure_seqs", ()) or getattr(e, "_s2sad_sequence", False):
            e._opaque = True
            return e
        if name in getattr(self, "maybe_seqs", ()):
            raise unsupported(self.src, e, f"`{name}.flat`, where `{name}` may hold a Python list or tuple (which has "
                              "no `.flat`) or an array", f"Write `np.ravel({name})` for an array's elements in C order.")
        return ast.Call(func=np_ref("np.ravel"), args=[self.atom(e.value, s)], keywords=[])

    def atom(self, e, s, base="t"):
        v = self.value(e, s)
        return v if A.is_atom(v) else self.temp(v, s, base)

    def value(self, e, s):
        """``e`` as one operation over atoms, emitting what it needs first."""
        if A.is_atom(e):
            return e
        if isinstance(e, ast.UnaryOp) and isinstance(e.op, ast.USub) and isinstance(e.operand, ast.Constant) \
                and type(e.operand.value) in (int, float):
            return A.at(A.const(-e.operand.value), e)  # a negative literal such as x[-1]
        if self.opaque(e):
            e._opaque = True
            return e
        if isinstance(e, ast.BinOp):
            return ast.BinOp(left=self.atom(e.left, s), op=e.op, right=self.atom(e.right, s))
        if isinstance(e, ast.UnaryOp):
            return ast.UnaryOp(op=e.op, operand=self.atom(e.operand, s))
        if isinstance(e, ast.IfExp):
            return self.ifexp(e, s)
        if isinstance(e, ast.BoolOp):
            return self.boolop(e, s)
        if isinstance(e, ast.Call):
            return self.call(e, s)
        if isinstance(e, ast.Attribute):
            if _flat(e) and self.res.obj(e) is MISSING:   # read: the elements in C order, np.ravel's
                return self.flat_read(e, s)
            if e.attr in _ATTRIBUTE_CALLS and self.res.obj(e) is MISSING and not self.res.own_attribute(e):
                # `Y.real` is np.real(Y); a module's, class's or object parameter's own `T` is read below
                path, *more = _ATTRIBUTE_CALLS[e.attr]
                call = ast.Call(func=np_ref(path), args=[self.atom(e.value, s), *map(A.const, more)], keywords=[])
                call._s2sad_attr = e.attr       # checked on an array once ranks are known (attribute_calls.py)
                return call
            if (field := result_field(e, self.res.obj)) is not None:   # np.linalg.eigh(A).eigenvalues: ...[0]
                return ast.Subscript(value=self.atom(e.value, s), slice=A.const(field), ctx=ast.Load())
            root = A.base_name(_root(e))
            computed = A.dotted_path(e) is None and any(   # `np.exp(x).real`, not `np.finfo(float).eps`
                n in self.res.locals and n not in self.res.inert for n in A.names_in(e))
            if self.res.obj(e) is MISSING and (computed or root in self.res.locals and root not in self.res.inert):
                raise unsupported(self.src, e, f"the attribute `.{e.attr}` of a {'computed' if computed else 'local'} value",
                                  _attribute_advice(e.attr))
            e._opaque = True  # a module constant such as np.pi
            return e
        if isinstance(e, ast.Subscript):
            obj = self.res.obj(e.value)
            joined = r_join(e, obj)     # np.r_[a, v], np.c_[a, b]: np.concatenate of the pieces
            if joined is not None:
                return self.value(joined, s)
            read = mark(ast.Subscript(value=self.atom(e.value, s), slice=self.index(e.slice, s), ctx=ast.Load()), obj)
            if _flat(e.value) and isinstance(e.slice, ast.Slice):  # x.flat[a:b] is a new array, np.ravel(x)[a:b] a view
                return ast.Call(func=np_ref("np.copy"), args=[self.temp(read, s)], keywords=[])
            return read
        if isinstance(e, (ast.Tuple, ast.List)):
            return type(e)(elts=[self.atom(x, s) for x in e.elts], ctx=ast.Load())
        if isinstance(e, ast.Dict):
            return self.dict_(e.keys, e.values, e, s)
        raise unsupported(self.src, e, f"this expression ({type(e).__name__})", "Split it into simpler steps.")

    def opaque(self, e):
        """True for expressions whose value carries no derivative."""
        if isinstance(e, (ast.Compare, ast.JoinedStr)):
            return True
        if isinstance(e, ast.BoolOp):  # `a or b` is a or b itself: only a test of truth is opaque
            return getattr(e, "_s2sad_test", False) or all(_boolean(v, self.res.obj) for v in e.values)
        if isinstance(e, ast.UnaryOp) and isinstance(e.op, (ast.Not, ast.Invert)):
            return True
        if isinstance(e, ast.BinOp) and isinstance(e.op, (ast.FloorDiv, ast.BitAnd, ast.BitOr, ast.BitXor,
                                                          ast.LShift, ast.RShift)):
            return True
        if isinstance(e, ast.Attribute):
            return e.attr in NONDIFF_ATTRS or self.opaque(e.value)
        if isinstance(e, ast.Subscript):
            return self.opaque(e.value)
        if isinstance(e, ast.Call):
            if isinstance(e.func, ast.Attribute) and self.res.obj(e.func) is MISSING:
                # a method of an opaque receiver ((x > 0).sum()) is opaque unless other values flow in
                return e.func.attr in NONDIFF_METHODS | STR_METHODS or self.opaque(e.func.value) and not any(
                    n in self.res.locals for a in list(e.args) + [k.value for k in e.keywords] for n in A.names_in(a))
            return self.res.call_kind(e) == "nondiff"
        return False

    def test(self, e, s):
        """The atom for an ``if`` test: `and`/`or` there are read only for their truth."""
        for node in A.walk(e):
            if isinstance(node, ast.BoolOp):
                node._s2sad_test = True
        return self.atom(e, s, base="c")

    def ifexp(self, e, s):
        c = self.test(e.test, s)
        t = self.namer.fresh("t")
        self.namer.holds(t, e)
        body, orelse = self.block([A.at(A.assign(t, e.body), s)]), self.block([A.at(A.assign(t, e.orelse), s)])
        self.emit(ast.If(test=c, body=body, orelse=orelse), s)
        return A.name(t)

    def boolop(self, e, s):
        """``a or b`` used for its value is ``a if a else b``, ``a and b`` is ``b if a else a``: Python
        returns an operand, ``a`` evaluated once and ``b`` only when ``a``'s truth asks for it. The
        result is one operand or the other, each with its own derivative (piecewise, as for ``if``)."""
        first = self.value(e.values[0], s)
        first = first if isinstance(first, ast.Name) else self.temp(first, s, "c")
        rest = e.values[1] if len(e.values) == 2 else A.at(ast.BoolOp(op=e.op, values=e.values[1:]), e)
        t = self.namer.fresh("t")
        self.namer.holds(t, e)
        keep, other = self.block([A.at(A.assign(t, first), s)]), self.block([A.at(A.assign(t, rest), s)])
        body, orelse = (keep, other) if isinstance(e.op, ast.Or) else (other, keep)
        self.emit(ast.If(test=A.name(first.id), body=body, orelse=orelse), s)
        return A.name(t)

    def dict_(self, keys, values, e, s):
        """A dict with constant keys (its entries become variables in transforms/aggregates.py).
        ``{**d, 'k': v}`` is what Python builds, a copy of ``d`` with the later entries written into
        it: ``t = dict(d); t['k'] = v`` (the copy's keys are known where ``dict(d)`` is followed);
        a ``**`` after a constant key or a second ``**`` would need ``d``'s keys here: refused."""
        if keys and keys[0] is None and all(k is not None for k in keys[1:]):
            copy = self.temp(A.call("dict", self.atom(values[0], s)), s)
            for k, v in zip(keys[1:], values[1:]):
                self.stmt_Assign(A.at(ast.Assign(targets=[ast.Subscript(value=A.name(copy.id), slice=k, ctx=ast.Store())],
                                                 value=v), s))
            return copy
        if any(not (isinstance(k, ast.Constant) and isinstance(k.value, (str, int))) for k in keys):
            raise unsupported(self.src, e, "a dict whose keys are not constants (or a `**` unpacking after "
                              "a key, or a second one)", "Write the keys as constants: {'w': W, 'b': b}; "
                              "unpack one dict first: {**d, 'k': v}.")
        return ast.Dict(keys=[A.const(k.value) for k in keys], values=[self.atom(v, s) for v in values])

    def index(self, sl, s):
        if isinstance(sl, ast.Slice):
            return ast.Slice(*(None if p is None else self.atom(p, s) for p in (sl.lower, sl.upper, sl.step)))
        if isinstance(sl, ast.Tuple):
            return ast.Tuple(elts=[self.index(x, s) for x in sl.elts], ctx=ast.Load())
        if isinstance(sl, ast.Attribute) and A.dotted_path(sl) and self.res.obj(sl) is None:
            return ast.Constant(value=None)   # np.newaxis: None, as every later stage reads a new axis
        return self.atom(sl, s)

_ATTRIBUTE_CALLS = {"T": ("np.transpose",), "real": ("np.real",), "imag": ("np.imag",),
                    "mT": ("np.swapaxes", -2, -1)}   # (NumPy 2's matrix transpose, frontend/numpy2_forms.py)


def _attribute_advice(attr):
    if hasattr(np.ndarray, attr):
        return "Use a NumPy function (np.transpose, ...) or compute it outside the differentiated function."
    return (f"s2sad follows numbers, arrays, lists, tuples and dicts, and a namedtuple or plain dataclass built "
            f"in the function and only read by its attributes (not passed on, written or put in a container). "
            f"Otherwise keep the values in a dict (`p = {{'{attr}': v}}`, then `p['{attr}']`) or in separate "
            f"variables.")


def _flat(e):
    """``x.flat``: NumPy's flat iterator, read and written as ``np.ravel(x)`` is (anf.py)."""
    return isinstance(e, ast.Attribute) and e.attr == "flat"


def _root(e):
    while isinstance(e, ast.Attribute):
        e = e.value
    return e
