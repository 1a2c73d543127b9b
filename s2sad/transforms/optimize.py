"""Stage 8, optimize: constant folding, dead-code elimination, copy propagation.

* ``fold`` simplifies what rule templates leave behind (``x ** (2 - 1)`` ->
  ``x``, ``e * 1`` -> ``e``, ``e if 0 != 0 else 0.0`` -> ``0.0``, ``True | (x != 0)`` -> ``True``);
  it runs before the accumulate stage, on adjoint and tangent code only.
* ``dead_code`` removes assignments nothing reads: the adjoints of values
  nobody asked for, forward values neither returned nor needed by the
  reverse sweep. Calls that may have side effects are always kept.
* ``propagate`` (:mod:`s2sad.transforms.propagate`) replaces a name assigned
  once and read once, in the same block, by its expression (``t = x * y;
  z = t + 1`` -> ``z = x * y + 1``); this undoes most of the temporaries the
  normal form needed. What may be removed or moved: :mod:`s2sad.transforms.purity`.
* ``drop_dead_tapes`` (:mod:`s2sad.transforms.deadtapes`) removes a tape whose
  popped values nothing reads: its pushes, pops and creation.
* ``dead_slices`` (:mod:`s2sad.transforms.deadslices`) removes the zeroing of an adjoint's
  slice that nothing reads afterwards, and then the copy of it that zeroing called for.
"""
import ast
import operator

from .. import astutil as A
from ..rules.runtime_ieee import ieee_div, ieee_pow
from .deadslices import dead_slices
from .deadtapes import drop_dead_tapes
from .propagate import propagate, reset, stored_names
from .purity import pure, uses

FOLD = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
        ast.Div: operator.truediv, ast.Pow: operator.pow}
COMPARE = {ast.Eq: operator.eq, ast.NotEq: operator.ne}


class _Fold(ast.NodeTransformer):
    def visit_BinOp(self, node):
        self.generic_visit(node)
        left, right = node.left, node.right
        num = (int, float)
        if isinstance(left, ast.Constant) and isinstance(right, ast.Constant) and type(node.op) in FOLD \
                and type(left.value) in num + (bool,) and type(right.value) in num + (bool,):   # `2 - (2 != 0)`
            try:
                return A.const(FOLD[type(node.op)](left.value, right.value))
            except (ZeroDivisionError, OverflowError):
                return node
        for a, b in ((left, right), (right, left)):      # `True | (x != 0)` -> True: the power rule's
            if isinstance(a, ast.Constant) and a.value is (type(node.op) is ast.BitOr) \
                    and type(node.op) in (ast.BitOr, ast.BitAnd) and isinstance(b, ast.Compare):
                return A.const(a.value)                  # exponent `y - ((y != 0) | (x != 0))` for a constant y
        one = lambda e: isinstance(e, ast.Constant) and type(e.value) in num and e.value == 1  # noqa: E731
        if isinstance(node.op, (ast.Pow, ast.Mult, ast.Div)) and one(right):
            return left
        if isinstance(node.op, ast.Mult) and one(left):
            return right
        return node

    def visit_Call(self, node):
        """``ieee_pow(x, c)`` (the power rule's) with a constant ``c >= 0`` -> ``x ** c``: Python's
        power raises only for a negative exponent, or past the float range where ``x ** (c + 1)``
        overflowed first; ``ieee_div(x, c)`` with a constant ``c != 0`` -> ``x / c``, which never
        divides by zero (``rules/runtime_ieee.py``; the helpers are marked by the rule's instantiation)."""
        self.generic_visit(node)
        c = node.args[1] if len(node.args) == 2 and not node.keywords else None
        if not (isinstance(c, ast.Constant) and type(c.value) in (int, float)):
            return node
        fn = getattr(node.func, "_s2sad_obj", None)
        if fn is ieee_pow and c.value >= 0 or fn is ieee_div and c.value != 0:
            op = ast.Pow() if fn is ieee_pow else ast.Div()
            return self.visit_BinOp(A.at(ast.BinOp(left=node.args[0], op=op, right=c), node))
        return node

    def visit_UnaryOp(self, node):
        self.generic_visit(node)
        if isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant) \
                and type(node.operand.value) in (int, float):
            return A.const(-node.operand.value)
        return node

    def visit_Compare(self, node):
        """``0 != 1`` -> ``True``: a rule's test of its constant parameters (``k != 0``) once they
        are substituted."""
        self.generic_visit(node)
        left, right = node.left, node.comparators[0]
        num = (int, float, str)
        if len(node.ops) == 1 and type(node.ops[0]) in COMPARE and isinstance(left, ast.Constant) \
                and isinstance(right, ast.Constant) and type(left.value) in num and type(right.value) in num \
                and (type(left.value) is str) == (type(right.value) is str):
            return A.const(COMPARE[type(node.ops[0])](left.value, right.value))
        return node

    def visit_IfExp(self, node):
        self.generic_visit(node)
        if isinstance(node.test, ast.Constant) and type(node.test.value) is bool:
            return node.body if node.test.value else node.orelse
        return node


def fold(tree):
    _Fold().visit(tree)


def copy_backs(stmts):
    """Mark ``b = a`` right after ``a = b`` (nothing stored in between): it changes nothing."""
    last = {}
    for s in stmts:
        for field in ("body", "orelse"):
            block = getattr(s, field, None)
            if isinstance(block, list):
                copy_backs(block)
        if isinstance(s, ast.Assign) and isinstance(s.targets[0], ast.Name) and isinstance(s.value, ast.Name):
            a, b = s.targets[0].id, s.value.id
            if last.get(b) == a:
                s._s2sad_copy_back = True
                continue
            last = {k: v for k, v in last.items() if a not in (k, v)}
            last[a] = b
        elif not A.is_comment(s):
            stored = stored_names(s)
            last = {k: v for k, v in last.items() if k not in stored and v not in stored}


def optimize(fdef, ns, aliases=None, tapes=()):
    """``aliases``: name -> names that may share its memory; a value reading one of them
    is not moved past a statement that writes into another. ``tapes``: the names of the
    tape lists and arrays the forward sweep fills."""
    reset(aliases)
    try:
        for _ in range(4):
            copy_backs(fdef.body)
            before = _size_of(fdef.body)
            fdef.body, _ = dead_code(fdef.body, set(), ns)
            changed = propagate(fdef, ns)
            changed = drop_dead_tapes(fdef, ns, tapes, dead_code) or changed
            changed = dead_slices(fdef, ns) or changed
            if not changed and _size_of(fdef.body) == before:
                break
    finally:
        reset()
    fdef.body = tidy(fdef.body)


def _size_of(stmts):
    """Number of statements, nested ones included (dead code only ever removes some)."""
    return sum(1 + _size_of(getattr(s, "body", [])) + _size_of(getattr(s, "orelse", [])) for s in stmts)


def tidy(stmts):
    """Drop comments with no code under them; give empty blocks a ``pass``."""
    out = []
    for i, s in enumerate(stmts):
        if A.is_comment(s) and (i + 1 == len(stmts) or A.is_comment(stmts[i + 1])):
            continue
        for field in ("body", "orelse"):
            block = getattr(s, field, None)
            if isinstance(block, list) and block:
                setattr(s, field, tidy(block) or ([ast.Pass()] if field == "body" else []))
        out.append(s)
    return out


# ---- dead code ----------------------------------------------------------------------

def dead_code(stmts, live, ns, marked_copies=True):
    """Remove dead pure assignments; return (statements, names live before them).
    ``marked_copies``: drop the copies ``copy_backs`` marked (else they are ordinary assignments)."""
    out = []
    live = set(live)
    for s in reversed(stmts):
        keep, live = _dce_stmt(s, live, ns, marked_copies)
        if keep is not None:
            out.append(keep)
    return list(reversed(out)), live


def _dce_stmt(s, live, ns, marked_copies):
    if isinstance(s, ast.Assign):
        tgt = s.targets[0]
        if isinstance(tgt, ast.Name) and isinstance(s.value, ast.Name) and (
                s.value.id == tgt.id or marked_copies and getattr(s, "_s2sad_copy_back", False)):
            return None, live
        if isinstance(tgt, ast.Subscript):
            base = tgt.value.id if isinstance(tgt.value, ast.Name) else None
            if base is not None and base not in live and base.startswith("b_") and pure(s.value, ns):
                return None, live
            return s, live | uses(tgt) | uses(s.value) | ({base} if base else set())
        names = {n.id for n in ast.walk(tgt) if isinstance(n, ast.Name)}
        if not (names & live) and pure(s.value, ns):
            return None, live
        return s, (live - names) | uses(s.value)
    if isinstance(s, ast.AugAssign):
        tgt = s.target
        base = A.base_name(tgt)
        if base is not None and base not in live and pure(s.value, ns) \
                and (isinstance(tgt, ast.Name) or base.startswith("b_")):
            return None, live
        return s, live | uses(tgt) | uses(s.value) | ({base} if base else set())
    if isinstance(s, ast.If):
        body, l1 = dead_code(s.body, live, ns, marked_copies)
        orelse, l2 = dead_code(s.orelse, live, ns, marked_copies)
        if not body and not orelse and pure(s.test, ns):
            return None, live
        new = A.at(ast.If(test=s.test, body=body or [ast.Pass()], orelse=orelse), s)
        return new, l1 | l2 | uses(s.test)
    if isinstance(s, (ast.For, ast.While)):
        return _dce_loop(s, live, ns, marked_copies)
    if isinstance(s, ast.Pass):
        return None, live
    return s, live | uses(s)


def _dce_loop(s, live, ns, marked_copies):
    """Liveness over a loop: iterate until the names live at the end of the body settle."""
    head = uses(s.iter) if isinstance(s, ast.For) else uses(s.test)
    target = {s.target.id} if isinstance(s, ast.For) else set()
    end_live = set(live) | head
    while True:
        body, body_in = dead_code(s.body, end_live, ns, marked_copies)
        new_end = end_live | (body_in - target)
        if new_end == end_live:
            break
        end_live = new_end
    if not body and isinstance(s, ast.For) and pure(s.iter, ns) and s.target.id not in live:
        return None, live
    new = A.clone_shallow(s)
    new.body = body or [ast.Pass()]
    return new, set(live) | head | (body_in - target)
