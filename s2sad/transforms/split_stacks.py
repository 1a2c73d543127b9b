"""The tapes of split functions: a few shared stacks, in strict last-in-first-out order.

Recursive calls hand their tapes to each other, and under numba each list
handed over costs (hundreds of nanoseconds per call, per list); each array
pushed onto a list costs as much again. So the split functions of a build
(``transforms/split.py``) save on one stack of numbers (floats; ints and
flags are saved as floats, exactly, and cast back) and one stack of arrays
per rank; an array the reverse reads only for its shape (``zeros_like(v)``)
is saved as its dimensions, on the numbers stack.

One stack per type (not per variable) needs strict last-in-first-out order:
a compound statement's own saves (an ``if``'s flag, a loop's bounds) are
pushed *after* it (their values taken before it), where its reverse pops
them first, and a statement's pops run in the reverse order of its pushes.
"""
import ast

from .. import astutil as A
from ..analyses import tape
from ..frontend.resolve import np_ref
from .reverse import Reverse

NUMBERS = ("float", "int", "bool")


class StackReverse(Reverse):
    def __init__(self, src, namer, ns, active, mutated, kinds, element):
        super().__init__(src, namer, ns, active, mutated, kinds, None)
        self.element_of, self.stacks = element, {}

    def stack(self, element):
        """The name of the stack holding ``element``s: 'number', an array rank, or None."""
        if element not in self.stacks:
            base = {"number": "tape_numbers", None: "tape_values"}.get(element, f"tape_arrays{element}")
            self.stacks[element] = self.namer.fresh(base)
        return self.stacks[element]

    def tape(self, v):
        element = self.element_of(v)
        return self.stack("number" if element in NUMBERS else element)

    def push_value(self, v, value):
        element = self.element_of(v)
        if element == "bool":
            value = ast.IfExp(test=value, body=A.const(1.0), orelse=A.const(0.0))
        elif element in NUMBERS:
            value = A.call("float", value)
        node = ast.Expr(value=_call(self.tape(v), "append", value))
        node._s2sad_push = v
        return node

    def pop_value(self, v):
        value = _call(self.tape(v), "pop")
        element = self.element_of(v)
        if element == "int":
            value = A.call("int", value)
        elif element == "bool":
            value = ast.Compare(left=value, ops=[ast.NotEq()], comparators=[A.const(0.0)])
        node = A.assign(v, value)
        node._s2sad_pop = v
        return node

    def push(self, v, like):
        return A.at(self.push_value(v, self.saved(v)), like)

    def forward(self, stmts):
        out = []
        for s in stmts:
            saves = getattr(s, "_s2sad_saves", [])
            if isinstance(s, (ast.If, ast.For)):
                s.body, s.orelse = self.forward(s.body), self.forward(s.orelse)
                kept = {v: self.namer.fresh("kept_" + v) for v in saves}
                out += [A.at(A.assign(kept[v], A.name(v)), s) for v in saves] + [s]
                out += [A.at(self.push_value(v, A.name(kept[v])), s) for v in saves]
                continue
            out += super().forward([s])
        return out

    def pops(self, s):
        saves = getattr(s, "_s2sad_saves", [])
        if isinstance(s, ast.While):
            after = set(saves)
        elif isinstance(s, (ast.If, ast.For)):
            after = set()
        else:
            after = set(saves) & set(tape.assigned(s))
        order = [v for v in saves if v not in after] + [v for v in saves if v in after]
        again = [A.at(A.assign(v, A.clone(expr)), s) for v, expr in getattr(s, "_s2sad_recompute", [])]
        return [A.at(self.pop_value(v), s) for v in reversed(order)] + again  # (tape.py: recomputed, not saved)

    def list_tapes(self):
        return []


def shape_only(functions, names, ranks, numbers):
    """Save the arrays ``names`` as their dimensions (on the stack ``numbers``): rewrite
    their pushes and pops in ``functions``. The last dimension is pushed first, so the
    pops, evaluated left to right, give the shape in order."""
    for fdef in functions:
        _rewrite(fdef.body, lambda s: _dims(s, names, ranks, numbers))


def _rewrite(block, change):
    block[:] = [x for s in block for x in change(s)]
    for s in block:
        for field in ("body", "orelse"):
            inner = getattr(s, field, None)
            if isinstance(inner, list) and not isinstance(s, ast.FunctionDef):
                _rewrite(inner, change)


def _dims(s, names, ranks, numbers):
    v = getattr(s, "_s2sad_push", None)
    if v in names:
        dim = lambda k: A.call("float", ast.Subscript(value=ast.Attribute(  # noqa: E731
            value=A.name(v), attr="shape", ctx=ast.Load()), slice=A.const(k), ctx=ast.Load()))
        return [A.at(ast.Expr(value=_call(numbers, "append", dim(k))), s) for k in reversed(range(ranks[v]))]
    v = getattr(s, "_s2sad_pop", None)
    if v in names:
        dims = [A.call("int", _call(numbers, "pop")) for _ in range(ranks[v])]
        empty = ast.Call(func=np_ref("np.empty"), args=[ast.Tuple(elts=dims, ctx=ast.Load())], keywords=[])
        return [A.at(A.assign(v, empty), s)]
    return [s]


def _call(name, method, *args):
    return A.call(ast.Attribute(value=A.name(name), attr=method, ctx=ast.Load()), *args)
