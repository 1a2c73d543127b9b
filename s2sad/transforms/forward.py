"""Forward mode: every statement followed by the statement computing its tangent.

For ``y = f(x1, x2)`` in the normalized form the forward stage emits the
statement itself, then ``t_y = <rule>`` from the forward table
(``rules/tangents.py``), where ``t_v`` is the tangent of ``v``; ``a[i] = v``
gets ``t_a[i] = t_v``, ``xs.append(v)`` gets ``t_xs.append(t_v)``. Branches and
loops (``while`` included) carry the tangents along in the same sweep: no tape.

Invariants of the output:

* every assignment to an active variable is followed by one to its tangent, so
  ``t_v`` exists wherever ``v`` does and is the derivative of its current value
  (zeros, ``0.0`` or ``zeros_like(v)``, where the value does not depend on the
  inputs);
* a tangent has its primal's shape (a broadcasting rule whose terms cannot
  prove it adds ``zeros_like(result)``);
* the tangent of a view is a view of a tangent and the tangent of a fresh array
  is fresh where anything writes into it in place, so ``y[i] = v`` and
  ``t_y[i] = t_v`` change the same tangents that the primal write changes values.
"""
import ast

import numpy as np

from .. import astutil as A
from ..analyses import sequences
from ..analyses.alias_views import shared_arguments
from ..analyses.ir import resolve
from ..analyses.list_names import is_int
from ..rules import forward_registry as fr
from ..rules import registry, runtime
from ..rules.tangent_runtime import added_at, joined_tangent, pop, zeros_list
from ..errors import unsupported
from .optimize import fold
from .reverse import comment_marker
from .reverse import _check_constants as check_constants, check_single_matrix

IN_PLACE = {pop, added_at}   # calls that change an argument: mirrored on its tangent whenever it has one


def is_view_call(fn, call):
    """True if the result of ``call`` (calling ``fn``) may share memory with an argument
    (which calls may: ``analyses/alias_views.py``)."""
    return fn in IN_PLACE or isinstance(call, ast.Call) and bool(shared_arguments(fn, call))


class Forward:
    def __init__(self, src, namer, ns, active, kinds, mutated, comments=True):
        self.src, self.namer, self.ns, self.active = src, namer, ns, active
        self.kinds, self.mutated, self.comments = kinds, mutated, comments
        self.tangents = {}
        self.grown = set()   # the lists appended to (their zero tangent is a list: zeros_list)
        self.sequences = set()   # the names that surely hold a list or a tuple (`a + b` joins them)
        self.ints = set()        # the names that surely hold a Python int (`L * n` repeats L)

    def tan(self, v):
        """The tangent's name: ``t_x`` for ``x``; the tape ``tape_h`` has the tape ``tape_t_h``."""
        if v not in self.tangents:
            base = "tape_t_" + v[5:] if v.startswith("tape_") else "t_" + v
            self.tangents[v] = self.namer.fresh(base)
        return self.tangents[v]

    def helper(self, fn):
        node = A.name(self.ns.bind(fn.__name__, fn))
        node._s2sad_bound = True
        return node

    # ---- zeros ---------------------------------------------------------------
    def zero(self, node):
        """The zero tangent of an atom (a name, a constant or a list of atoms)."""
        if isinstance(node, (ast.List, ast.Tuple)):
            return type(node)(elts=[self.zero(e) for e in node.elts], ctx=ast.Load())
        if isinstance(node, ast.Name) and node.id in self.grown:   # a list appended to keeps a list of tangents
            return A.call(self.helper(zeros_list), A.name(node.id))
        if isinstance(node, ast.Name) and self.kinds.get(node.id) != 0:
            return A.call(self.helper(runtime.zeros_like), A.name(node.id))
        return A.const(0.0)

    def of(self, node):
        """The tangent of an atom, or None if it is zero."""
        if isinstance(node, ast.Name):
            return A.name(self.tan(node.id)) if node.id in self.active else None
        if isinstance(node, (ast.List, ast.Tuple)) and any(self.of(e) is not None for e in node.elts):
            return type(node)(elts=[self.of(e) or self.zero(e) for e in node.elts], ctx=ast.Load())
        return None

    # ---- statements ------------------------------------------------------------
    def block(self, stmts):
        out, marked = [], (None, False)
        for s in stmts:
            if isinstance(s, (ast.If, ast.For, ast.While)):
                s.body, s.orelse = self.loop_target(s) + self.block(s.body), self.block(s.orelse)
                out.append(s)
                marked = (None, False)
                continue
            new = self.stmt(s)
            if self.comments and getattr(s, "lineno", None) is not None:
                marked = self.mark(s, len(new) > 1, marked, out)
            out += new
        return out

    def mark(self, s, derived, marked, out):
        """Head the statements of a new source line with a marker: a comment quoting the line
        above the first one with a tangent (silent when it prints as the line itself: ``h = 0.0``),
        a silent one above a statement with none, so that a run-time refusal it raises
        (``flat_items`` of ``for v in M.tolist()``) names its own line, not the last line with a
        tangent. ``marked``: the line marked last and whether a statement with a tangent was."""
        line, done = marked
        if s.lineno == line and (done or not derived):
            return marked
        text = self.comment(s)
        out.append(comment_marker(self.src, s, text if derived and text != ast.unparse(s) else ""))
        return s.lineno, derived

    def loop_target(self, s):
        """A loop variable over values with no tangent (``for k in range(n)``) whose name is
        active elsewhere (``k = t[0]`` later, from a differentiated tuple; activity is per name)
        gets a zero tangent each iteration, as any other assignment with no derivative does."""
        if not isinstance(s, ast.For) or any(n in self.active for n in A.names_in(s.iter)):
            return []
        counted = isinstance(s.iter, ast.Call) and resolve(self.ns, s.iter.func) is range
        targets = s.target.elts if isinstance(s.target, ast.Tuple) else [s.target]
        return [A.at(self.assign(t.id, A.const(0.0) if counted else self.zero(t)), s) for t in targets
                if isinstance(t, ast.Name) and t.id in self.active]

    def comment(self, s):
        src = getattr(s, "_s2sad_src", None) or self.src
        text = src.line(s.lineno)
        return text if src is self.src or src.func is self.src.func else f"{src.name}: {text}"

    def stmt(self, s):
        op = getattr(s, "_s2sad_op", None)
        if op is None:
            return [s]
        if any(t in self.active for t in op.targets):
            made = getattr(self, "f_" + op.kind, self.f_zero)(op)
        elif op.kind == "call" and op.func in IN_PLACE and any(self.of(a) for a in op.bound.values()):
            made = self.f_call(op)   # a tape pop whose value is not needed: the tangent tape keeps step
        else:
            return [s]
        return [s] + [_made_from(A.at(n, s), s) for n in made]

    def assign(self, target, value):
        return A.assign(A.name(self.tan(target), store=True), value)

    def f_zero(self, op):
        """Statements whose value carries no derivative here (constants, comparisons,
        calls with no differentiated argument): the tangent is zero."""
        return [self.assign(t, self.zero(A.name(t))) for t in op.targets if t in self.active]

    def f_const(self, op):
        value = op.stmt.value
        if isinstance(value, ast.List) and not value.elts:
            return [self.assign(op.targets[0], ast.List(elts=[], ctx=ast.Load()))]  # a list to append to
        if isinstance(value, ast.Constant) and type(value.value) in (int, float):
            return [self.assign(op.targets[0], A.const(0.0))]
        if isinstance(value, ast.Constant) and value.value is None:   # None's tangent is None: the name
            return [self.assign(op.targets[0], A.const(None))]   # may hold an array elsewhere (one type under numba)
        return self.f_zero(op)

    def f_copy(self, op):
        src = op.operands[0]
        t = self.of(A.name(src))
        if t is None and self.kinds.get(src) == 0:
            t = A.const(0.0)          # the value copied here is a scalar, whatever else the name holds
        return [self.assign(op.targets[0], t)] if t is not None else self.f_zero(op)

    def f_getitem(self, op):
        value = op.stmt.value
        t = self.of(value.value)
        if t is None:
            return self.f_zero(op)
        return [self.assign(op.targets[0], ast.Subscript(value=t, slice=A.clone(value.slice), ctx=ast.Load()))]

    def f_setitem(self, op):
        tgt, v = op.stmt.targets[0], op.stmt.value
        t = self.of(v) or (self.zero(v) if tgt.value.id in self.grown else A.const(0.0))  # a list's slot holds
        # the value itself: an array's zero is an array of its shape (0.0 there made np.array(t_ps) ragged)
        return [A.assign(ast.Subscript(value=A.name(self.tan(tgt.value.id)), slice=A.clone(tgt.slice),
                                       ctx=ast.Store()), t)]

    def f_append(self, op):
        lst, v = op.stmt._s2sad_append[0], op.stmt.value.args[0]
        call = A.call(ast.Attribute(value=A.name(self.tan(lst)), attr="append", ctx=ast.Load()),
                      self.of(v) or self.zero(v))
        return [ast.Expr(value=call)]

    def f_pack(self, op):
        value = A.clone(op.stmt.value)
        seq = value if isinstance(value, (ast.List, ast.Tuple)) else value.args[0]
        seq.elts = [self.of(e) or self.zero(e) for e in seq.elts]
        return [self.assign(op.targets[0], value)]

    # ---- rules ---------------------------------------------------------------
    def f_call(self, op):
        rule, target = op.rule, op.targets[0]
        if self.joins(op):
            return [self.assign(target, self.join(op.stmt.value))]
        if getattr(registry.lookup(op.func), "constants", None):
            check_constants(op, registry.lookup(op.func))   # the forms the reverse rule covers
        check_single_matrix(op, self.kinds)
        value = self.instantiate(rule, op)
        if value is None:
            return self.f_zero(op)
        if rule.broadcast and not self.covered(op, value):
            value = ast.BinOp(left=value, op=ast.Add(), right=A.call(self.helper(runtime.zeros_like),
                                                                     A.name(target)))
        if self.needs_copy(op, value):
            value = A.call(self.helper(np.copy), value)
        return [self.assign(target, value)]

    f_binop = f_call

    def joins(self, op):
        """Whether ``op`` is ``a + b`` of two lists or tuples (a join) or ``L * n`` of one and an int
        (a repetition); False for NumPy's elementwise ``+``/``*`` (``x * [1.0, 2.0]`` of an array
        ``x`` multiplies). What the operands cannot tell apart is refused when a tangent flows."""
        value = op.stmt.value
        if not (isinstance(value, ast.BinOp) and isinstance(value.op, (ast.Add, ast.Mult))):
            return False
        seqs = [self.is_sequence(side) for side in (value.left, value.right)]
        if not any(seqs):
            return False
        if isinstance(value.op, ast.Add) and all(seqs):
            return True
        other = value.right if seqs[0] else value.left
        if isinstance(value.op, ast.Mult) and not all(seqs):
            if is_int(other, self.ints):
                return True
            if self.of(other) is not None:      # differentiated: not an int, so NumPy multiplies
                return False
        if self.of(value.left) is None and self.of(value.right) is None:
            return False
        raise unsupported(getattr(op.stmt, "_s2sad_src", None), op.stmt, *sequences.ambiguous(value))

    def is_sequence(self, node):
        return isinstance(node, (ast.List, ast.Tuple)) or isinstance(node, ast.Name) and node.id in self.sequences

    def join(self, value):
        """The tangent of ``a + b`` (a join) or ``a * n`` (a repetition) of lists or tuples: the
        operands' tangents joined or repeated as the values are; never a broadcast sum."""
        if isinstance(value.op, ast.Mult):
            seq, n = (value.left, value.right) if self.is_sequence(value.left) else (value.right, value.left)
            return ast.BinOp(left=self.of(seq) or self.zero_items(seq), op=ast.Mult(), right=A.clone(n))
        parts = [p for side in (value.left, value.right) for p in (self.of(side) or A.const(None), A.clone(side))]
        return A.call(self.helper(joined_tangent), *parts)

    def zero_items(self, node):
        """The zero tangent of a list or tuple: one zero per item (never one stacked array)."""
        return self.zero(node) if isinstance(node, (ast.List, ast.Tuple)) else A.call(self.helper(zeros_list), A.clone(node))

    def instantiate(self, rule, op):
        subst = {rule.params[0]: A.name(op.targets[0])}
        subst.update({p: op.bound[p] for p in rule.params[1:]})
        out = None
        for sign, term, reads in rule.terms:
            if all(self.of(op.bound[p]) is None for p in reads):
                continue
            expr = _Instantiate(self, subst, op.defaulted, rule).visit(A.clone(term))
            expr = fold_expr(expr)
            if _is_zero(expr):     # a term its constant arguments make zero (``e if k != 0 else 0.0``, k = 0)
                continue
            if out is None:
                out = expr if sign > 0 else ast.UnaryOp(op=ast.USub(), operand=expr)
            else:
                out = ast.BinOp(left=out, op=ast.Add() if sign > 0 else ast.Sub(), right=expr)
        return out

    def covered(self, op, value):
        """True if ``value`` (a broadcasting rule's kept terms) has the result's shape: the
        result is a scalar, or every operand that is not a scalar appears in it."""
        result = op.targets[0]
        if self.kinds.get(result) == 0:
            return True
        names = set(A.names_in(value))
        for node in op.bound.values():
            if isinstance(node, ast.Name) and self.kinds.get(node.id) != 0 and node.id not in names \
                    and not (node.id in self.active and self.tan(node.id) in names):
                return False
            if isinstance(node, (ast.List, ast.Tuple)):
                return False
        return True

    def needs_copy(self, op, value):
        """A fresh primal array written in place (or read from one) needs a fresh tangent."""
        if _fresh_expr(value, self.ns) or _is_view_op(op, self.ns):
            return False
        names = {op.targets[0]} | {n.id for n in op.bound.values() if isinstance(n, ast.Name)}
        return bool(names & self.mutated) and self.kinds.get(op.targets[0]) != 0

    # ---- the result --------------------------------------------------------------
    def finish(self, ret):
        """``return value, t_value`` (tuples for a tuple result)."""
        outs = ret.value.elts if isinstance(ret.value, ast.Tuple) else [ret.value]
        tans = [self.of(o) or self.zero(o) for o in outs]
        t = ast.Tuple(elts=tans, ctx=ast.Load()) if isinstance(ret.value, ast.Tuple) else tans[0]
        return A.at(ast.Return(value=ast.Tuple(elts=[A.clone(ret.value), t], ctx=ast.Load())), ret)


def _fresh_expr(value, ns):
    if isinstance(value, (ast.BinOp, ast.UnaryOp, ast.Constant)):
        return True
    if isinstance(value, ast.Call):
        from ..analyses.ir import resolve
        return not is_view_call(resolve(ns, value.func), value)
    return False


def _is_view_op(op, ns):
    if op.kind != "call":
        return False
    return is_view_call(op.func, op.stmt.value)


def _is_zero(expr):
    return isinstance(expr, ast.Constant) and type(expr.value) in (int, float) and expr.value == 0


def fold_expr(expr):
    holder = ast.Expr(value=expr)
    fold(holder)
    return holder.value


class _Instantiate(ast.NodeTransformer):
    """Substitute a forward template's parameters: ``t[p]`` by p's tangent (or a zero),
    the others by the statement's atoms; optional arguments the call left at their
    defaults are left out of the rule's calls too."""

    def __init__(self, fwd, subst, defaulted, rule):
        self.fwd, self.subst, self.defaulted, self.rule = fwd, subst, defaulted, rule

    def visit_Subscript(self, node):
        if fr.is_t(node):
            arg = self.subst[node.slice.id]
            return self.fwd.of(arg) or self.fwd.zero(arg)
        return self.generic_visit(node)

    def visit_Call(self, node):
        dropped = lambda e: isinstance(e, ast.Name) and e.id in self.defaulted  # noqa: E731
        node.keywords = [k for k in node.keywords if not dropped(k.value)]
        while node.args and dropped(node.args[-1]):
            node.args.pop()
        return self.generic_visit(node)

    def visit_Name(self, node):
        if node.id in self.subst:
            return A.clone(self.subst[node.id])
        if node.id in self.rule.globals:
            obj = self.rule.globals[node.id]
        elif node.id in registry._HELPERS:     # what s2sad adds to a user's rule (custom.CHECK)
            obj = registry._HELPERS[node.id]
        else:
            import builtins
            obj = getattr(builtins, node.id)
        new = A.name(self.fwd.ns.bind(node.id, obj))
        new._s2sad_bound = True
        new._s2sad_obj = obj      # (reverse.py)
        return new


def _made_from(tangent, s):
    """``tangent`` (a statement made for the primal statement ``s``) carries ``s``'s user source, as
    reverse mode's statements do: a numba refusal there names the user's line (backends/jit_lines)."""
    for attr in ("_s2sad_src", "_s2sad_written"):
        if getattr(s, attr, None) is not None and not hasattr(tangent, attr):
            setattr(tangent, attr, getattr(s, attr))
    return tangent
