"""Stage ``jit``, applied last: integer ``*``, ``**`` and ``<<`` that may overflow int64 become calls
of ``int_mul``, ``int_pow``, ``int_lshift``.

Python's ints are unbounded, numba's are int64 and wrap: ``len(x) ** 30``, ``k *= 6`` thirty times
and ``1 << 72`` gave a silently wrong value and gradient with ``jit=True``. Only operations that can
grow a value geometrically are checked: a product, a power, a left shift. A sum or a difference of
two int64 overflows only when an operand is already past 2**62, which a program reaches through those
(checked) or through about 62 doublings ``k += k`` (not checked: README, limitations).

The calls are ordinary Python functions computing the operation (the code still runs without numba);
their numba versions (numba_helpers/numba_int_pow.py) are chosen by type when numba compiles: for two
integers, the operation checked for overflow (LLVM's ``smul.with.overflow``), raising OverflowError,
which the jit run reports as a located JitError; for anything else (a float, an array), the operation
itself, inlined, so float code compiles to the same machine code as before.

An operation is left as it is where it provably is not one of Python ints (``_Facts.not_int``): an
operand a float constant, a true division, an array (known rank >= 1) or an item of one (a NumPy
scalar, which wraps in NumPy as in numba), a NumPy function's result, an adjoint, a differentiated
parameter, or a name every assignment of which is one of those. It is left too where its operands'
values are bounded and the result cannot leave int64 (``_Facts.span``): int constants, sizes
(``len(x)``, ``x.shape[0]``, ``x.size``) and the int parameters given to ``range`` (assumed in
[0, 2**31]: an array of 2**31 float64 is 16 GiB, a loop of 2**31 passes takes seconds), ``range``
counters over those, and names assigned only those, combined by ``+ - * // % **``, ``min``, ``max``,
``abs``; each expression's interval is computed and a product is checked only where it may pass
2**63. That keeps the generated code readable and index arithmetic (``2 * l + 1``, ``i * n + j``,
GMM's ``c * (2 * d - c - 1) // 2``) unchecked: no benchmark workload's adjoint has a check."""
import ast
import builtins

import numpy as np

from .. import astutil as A
from ..analyses import expr_ranks
from ..analyses.ir import resolve
from ..rules import runtime as rt
from ..rules.runtime_numeric import cast_like
from .int_powers import _negative_int, int_pow

_INT_NUMPY = {np.ndim, np.size, np.shape}          # NumPy functions that return Python ints
_INT_MATH = {"floor", "ceil", "trunc", "factorial", "comb", "perm", "gcd", "lcm", "isqrt", "prod"}
_FLOAT_RUNTIME = {rt.unbroadcast, rt.sum_grad, rt.zeros_like}      # s2sad's, returning arrays / floats
_SIZE = 2 ** 31         # sizes, and the int parameters given to `range`, are assumed at most this
_LIMIT = 2 ** 63


def int_mul(a, b):
    """``a * b``; numba's version raises OverflowError where two ints' product leaves int64."""
    return a * b


def int_lshift(a, b):
    """``a << b``; numba's version raises as Python does for a negative count and OverflowError
    where the result leaves int64."""
    return a << b


class LeavesInt64(OverflowError):
    """Raised by ``strict``'s functions: where the compiled code raised, replayed in Python."""


def _is_int(v):
    return isinstance(v, (int, np.integer)) and not isinstance(v, np.bool_)


def strict(fn):
    """``fn`` (``int_mul``, ``int_pow``, ``int_lshift``) raising ``LeavesInt64`` where numba's version
    raises (two ints whose result leaves int64, an int to a negative int power): run in the Python
    adjoint to find the line the compiled one raised at (``jit_replay.located_int_error``)."""
    def checked(a, b):
        if _is_int(a) and _is_int(b) and fn is not int_mul and b < 0:
            raise LeavesInt64(f"{fn.__name__}: a negative int")
        r = fn(a, b)
        if _is_int(a) and _is_int(b) and not -2 ** 63 <= r < 2 ** 63:
            raise LeavesInt64(f"{fn.__name__}: past int64")
        return r
    return checked


def guard(fdef, ns, ranks, ref, adjoints=None, tapes=()):
    """Rewrite ``fdef`` in place: ``a * b``, ``a ** b``, ``pow(a, b)`` and ``a << b`` that may be
    Python ints -> ``ref(int_mul)(a, b)`` etc. (``ref(fn)``: a name bound to ``fn`` in ``ns``).
    ``adjoints``: {adjoint: primal name} (an adjoint is a float or an array; so is a differentiated
    parameter, and the head gradient, the last parameter: the drivers make them floats);
    ``tapes``: the tapes' names (a value read back from one is a value its name held)."""
    facts = _Facts(fdef, ns, ranks or {}, adjoints or {}, set(tapes))
    _Guard(ns, facts, {ast.Mult: int_mul, ast.Pow: int_pow, ast.LShift: int_lshift}, ref).visit(fdef)
    return fdef


class _Guard(ast.NodeTransformer):
    def __init__(self, ns, facts, calls, ref):
        self.ns, self.facts, self.calls, self.ref = ns, facts, calls, ref

    def _checked(self, op, left, right, at):
        fn, f = self.calls.get(type(op)), self.facts
        if fn is None or f.not_int(left) or f.not_int(right):
            return None
        if _fits(_arith(op, f.span(left), f.span(right))):
            return None     # sizes and counters combined: below 2**63 (the module's docstring)
        return A.at(ast.Call(func=A.at(self.ref(fn), at), args=[left, right], keywords=[]), at)

    def visit_BinOp(self, node):
        self.generic_visit(node)
        return self._checked(node.op, node.left, node.right, node) or node

    def visit_AugAssign(self, node):
        self.generic_visit(node)
        if not (isinstance(node.target, ast.Name) and self.facts.ranks.get(node.target.id) == 0):
            return node     # an array's `a *= b` writes in place: NumPy's (wrapping) arithmetic
        call = self._checked(node.op, A.at(ast.Name(id=node.target.id, ctx=ast.Load()), node), node.value, node)
        return node if call is None else A.at(ast.Assign(targets=[node.target], value=call), node)

    def visit_Call(self, node):
        self.generic_visit(node)
        if (isinstance(node.func, ast.Name) and len(node.args) == 2 and not node.keywords
                and resolve(self.ns, node.func) is builtins.pow):
            k = _negative_int(node.args[1])
            if k is not None:       # pow(n, -2) -> n ** -2.0 (Python's float; numba's int power is 0)
                return A.at(ast.BinOp(left=node.args[0], op=ast.Pow(), right=ast.Constant(value=float(k))), node)
            call = self._checked(ast.Pow(), node.args[0], node.args[1], node)
            if call is not None:
                return call
        return node


class _Facts:
    """What ``fdef``'s names provably are: ``floats`` (never a Python int: the largest such set) and
    ``spans`` (an int in ``[lo, hi]``: the names whose every value has a span, a least fixed point)."""

    def __init__(self, fdef, ns, ranks, adjoints, tapes):
        self.ns, self.ranks, self.tapes = ns, ranks, tapes
        self.values, self.loops, self.params = {}, {}, {a.arg for a in fdef.args.args}
        others, augmented = set(), set()
        for node in ast.walk(fdef):
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                self.values.setdefault(node.targets[0].id, []).append(node.value)
            elif isinstance(node, ast.For) and isinstance(node.target, ast.Name) and _is_range(node.iter, ns):
                self.loops.setdefault(node.target.id, []).append(node.iter.args)
            elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
                augmented.add(node.target.id)   # a float's `t += v` is a float; an int's may grow
            else:       # a name bound another way (unpacking, `with`, `:=`) may be anything
                others.update(n for t in _bound(node) for n in _names(t))
        self.bounds = {a.id for args in self._range_args(fdef) for a in args if isinstance(a, ast.Name)
                       and a.id in self.params and a.id not in set(self.values) | others | augmented}
        made = ({fdef.args.args[-1].arg} | (set(adjoints.values()) & self.params)) if adjoints else set()
        self.floats = set(adjoints) | made | (set(self.values) - others - set(self.loops) - self.params)
        self.floats -= {n for n in self.floats if n in self.values and all(map(self._read_back, self.values[n]))}
        while self._drop(self.floats, lambda v: self._read_back(v) or self.not_int(v)):
            pass     # (a name only read back from a tape here was pushed elsewhere: not known)
        self.spans = {n: (0, _SIZE) for n in self.bounds}
        candidates = (set(self.values) | set(self.loops)) - others - augmented - self.params
        while self._add_spans(candidates - set(self.spans)):
            pass

    def _range_args(self, fdef):
        return [n.args for n in ast.walk(fdef) if isinstance(n, ast.Call) and _is_range(n, self.ns)]

    def _drop(self, names, holds):
        gone = {n for n in names if n in self.values and not all(holds(v) for v in self.values[n])}
        names -= gone
        return bool(gone)

    def _add_spans(self, names):
        """The spans of the names each value of which has one now (a value read back from a tape is
        one the name held); a loop counter's is the values its ``range`` runs through."""
        new = {}
        for n in names:
            parts = [self.span(v) for v in self.values.get(n, []) if not self._read_back(v)]
            parts += [_counter([self.span(a) for a in args]) for args in self.loops.get(n, [])]
            if parts and None not in parts:
                new[n] = _hull(parts)
        self.spans.update(new)
        return bool(new)

    def _read_back(self, v):
        """A value read back from a tape (``tape.pop()``, ``tape[n]``): one the name held before."""
        if isinstance(v, ast.Call) and isinstance(v.func, ast.Attribute) and v.func.attr == "pop":
            v = v.func.value
        elif isinstance(v, ast.Subscript):
            v = v.value
        return isinstance(v, ast.Name) and v.id in self.tapes

    def not_int(self, node):
        """True where ``node`` is provably not a Python int (nor a bool)."""
        if isinstance(node, ast.Constant):
            return isinstance(node.value, (float, complex))
        if isinstance(node, ast.Name):     # (a global's value may change between calls: not trusted)
            return node.id in self.floats and not getattr(node, "_s2sad_bound", False) or self._array(node)
        if isinstance(node, ast.BinOp):
            return isinstance(node.op, ast.Div) or self._array(node) or isinstance(
                node.op, (ast.Add, ast.Sub, ast.Mult, ast.Mod, ast.FloorDiv, ast.Pow)) and (
                self.not_int(node.left) or self.not_int(node.right))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            return self.not_int(node.operand)
        if isinstance(node, ast.Call):
            fn = resolve(self.ns, node.func) if isinstance(node.func, (ast.Name, ast.Attribute)) else None
            if fn is cast_like and node.args:
                return self.not_int(node.args[0])
            return fn is float or _numpy(fn) or _in(fn, _FLOAT_RUNTIME) or _float_math(fn) or self._array(node)
        if isinstance(node, ast.Subscript) and (self._array(node.value) or isinstance(node.value, ast.Name)
                                                and node.value.id in self.floats):
            return True     # an item or a slice of an array: NumPy's arithmetic, which wraps as numba's
        return self._array(node)

    def span(self, node):
        """``(lo, hi)``: the values an int expression of sizes, counters and constants can take
        (sizes in [0, 2**31]: the module's docstring), or None (not such an expression)."""
        if isinstance(node, ast.Constant):
            return (int(node.value),) * 2 if type(node.value) in (int, bool) else None
        if isinstance(node, ast.Name):     # (a global's value may change between calls: not trusted)
            return None if getattr(node, "_s2sad_bound", False) else self.spans.get(node.id)
        if isinstance(node, ast.Attribute) and node.attr in ("size", "ndim") or \
                isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) and node.value.attr == "shape":
            return (0, _SIZE)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            s = self.span(node.operand)
            return (-s[1], -s[0]) if s else None
        if isinstance(node, ast.BinOp):
            return _arith(node.op, self.span(node.left), self.span(node.right))
        if isinstance(node, ast.IfExp):
            return _hull([self.span(node.body), self.span(node.orelse)])
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords:
            fn = resolve(self.ns, node.func)
            if fn is len:
                return (0, _SIZE)
            parts = [self.span(a) for a in node.args]
            if (fn is min or fn is max) and parts and None not in parts:
                pick = min if fn is min else max
                return (pick(p[0] for p in parts), pick(p[1] for p in parts))
            if fn is abs and len(parts) == 1 and parts[0]:
                lo, hi = parts[0]
                return (0 if lo <= 0 <= hi else min(abs(lo), abs(hi)), max(abs(lo), abs(hi)))
        return None

    def _array(self, node):
        try:
            r = expr_ranks.rank(node, self.ranks, self.ns)
        except Exception:       # noqa: BLE001  (an expression the rank inference does not cover: unknown)
            return False
        return isinstance(r, int) and not isinstance(r, bool) and r >= 1


def _in(fn, group):
    return any(fn is g for g in group)


def _numpy(fn):
    """A NumPy function (its results are arrays or NumPy scalars), not one returning a Python int."""
    module = getattr(fn, "__module__", None) or ""
    return (isinstance(fn, np.ufunc) or module == "numpy" or module.startswith("numpy.")) and not _in(fn, _INT_NUMPY)


def _float_math(fn):
    """A ``math`` function returning a float (not ``floor``, ``factorial``...: Python ints)."""
    return getattr(fn, "__module__", None) == "math" and getattr(fn, "__name__", "") not in _INT_MATH


def _is_range(node, ns):
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and resolve(ns, node.func) is range


def _bound(node):
    """The targets ``node`` binds (``name = value``, ``for i in range``, ``t += v`` are read apart)."""
    if isinstance(node, ast.Assign):
        return node.targets
    if isinstance(node, (ast.For, ast.AnnAssign, ast.NamedExpr, ast.comprehension)):
        return [node.target]
    if isinstance(node, ast.With):
        return [i.optional_vars for i in node.items if i.optional_vars is not None]
    return []


def _names(target):
    """The names a target binds (``a[i] = v`` binds none: it writes into ``a``)."""
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, (ast.Tuple, ast.List)):
        return [n for e in target.elts for n in _names(e)]
    return _names(target.value) if isinstance(target, ast.Starred) else []


def _hull(parts):
    return None if None in parts or not parts else (min(p[0] for p in parts), max(p[1] for p in parts))


def _fits(span):
    return span is not None and -_LIMIT <= span[0] and span[1] < _LIMIT


def _arith(op, a, b):
    """The span of ``a op b`` for spans ``a``, ``b``; None where not known (or past the limit, so
    nothing built on it is trusted)."""
    if a is None or b is None:
        return None
    if isinstance(op, (ast.Add, ast.Sub)):
        out = (a[0] + b[0], a[1] + b[1]) if isinstance(op, ast.Add) else (a[0] - b[1], a[1] - b[0])
    elif isinstance(op, ast.Mult):
        ends = [x * y for x in a for y in b]
        out = (min(ends), max(ends))
    elif isinstance(op, ast.FloorDiv) and b[0] > 0:
        ends = [x // y for x in a for y in b]
        out = (min(ends), max(ends))
    elif isinstance(op, ast.Mod) and b[0] > 0:
        out = (0, b[1] - 1)
    elif isinstance(op, ast.Pow) and b[0] == b[1] and 0 <= b[0] <= 64:
        ends = [a[0] ** b[0], a[1] ** b[0]] + ([0] if a[0] <= 0 <= a[1] else [])
        out = (min(ends), max(ends))
    elif isinstance(op, ast.LShift) and b[0] == b[1] and 0 <= b[0] <= 64:
        out = (a[0] << b[0], a[1] << b[0])
    else:
        return None
    return out if _fits(out) else None


def _counter(args):
    """The span of the counter of ``range(*args)`` (spans of its arguments), or None."""
    if None in args or not args:
        return None
    start, stop, step = ((0, 0), args[0], (1, 1)) if len(args) == 1 else (args + [(1, 1)])[:3]
    if step[0] > 0:
        return (start[0], max(start[0], stop[1] - 1))
    if step[1] < 0:
        return (min(start[1], stop[0] + 1), start[1])
    return _hull([start, stop])
