"""A call that rebinds variables, moved before its statement (open47): ``r = r + o.step(z)``,
where ``o.step`` rebinds ``self.acc``, is written ``t, o_acc = o_step(o_acc, z); r = r + t``.

Invariant (Python's order of evaluation is kept): the call is reached from its statement only
through nodes that evaluate every child, in order, exactly once (arithmetic, calls, displays,
subscripts: no ``and``/``or``, conditional expression, comparison chain, comprehension or
lambda), and the statement is an assignment, an expression or a ``return`` of the function
itself (not of a nested function, a loop's test or header). What Python evaluates before the
call is evaluated before it still: operands other than constants and names the call does not
rebind are first bound to fresh names, in order (a name keeps the object it holds, as Python
keeps the reference it loaded). Elsewhere ``hoist`` returns False and nothing is changed.
"""
import ast

from .. import astutil as A

_THROUGH = (ast.BinOp, ast.UnaryOp, ast.Call, ast.Tuple, ast.List, ast.Subscript, ast.Attribute, ast.keyword,
            ast.Starred)
_STATEMENTS = (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Expr, ast.Return)


def evaluation_order(root, wanted):
    """The nodes of ``wanted`` (ids) under ``root``, children before parents, fields in order."""
    out = []

    def visit(n):
        for _, value in ast.iter_fields(n):
            for v in value if isinstance(value, list) else [value]:
                if isinstance(v, ast.AST):
                    visit(v)
        if id(n) in wanted:
            out.append(n)
    visit(root)
    return out


def hoist(root, call, targets, value, written, namer):
    """Move ``call`` (in ``root``, a function) before its statement as ``targets = call``; the call
    becomes ``value`` (a name, or None where the result is unused). ``written``: the names the call
    rebinds. False (nothing changed) where Python's order cannot be kept."""
    parents = {id(c): p for p in A.walk(root) for c in ast.iter_child_nodes(p)}
    chain, node = [], call
    while not isinstance(node, ast.stmt):
        p = parents.get(id(node))
        if p is None or not isinstance(p, _THROUGH + _STATEMENTS):
            return False
        chain.append((p, node))
        node = p
    stmt, block = node, _block_of(root, node, parents)
    if block is None or not _statement_ok(stmt, chain[-1][1], written):
        return False
    before = []
    for p, child in reversed(chain[:-1]):
        before += _preceding(p, child)
    out = []
    for holder, field, k in before:
        sub = getattr(holder, field) if k is None else getattr(holder, field)[k]
        if _kept(sub, field, written):
            continue
        tmp = namer.fresh("t_before")
        out.append(A.at(A.assign(tmp, sub), stmt))
        if k is None:
            setattr(holder, field, A.at(A.name(tmp), sub))
        else:
            getattr(holder, field)[k] = A.at(A.name(tmp), sub)
    tgt = targets[0] if len(targets) == 1 else ast.Tuple(elts=targets, ctx=ast.Store())
    out.append(A.at(ast.Assign(targets=[tgt], value=call), stmt))
    k = next(i for i, s in enumerate(block) if s is stmt)
    if isinstance(stmt, ast.Expr) and stmt.value is call:
        block[k:k + 1] = out
        return True
    p, child = chain[0]
    new = A.at(A.name(value) if value else ast.Constant(value=None), call)
    _put(p, child, new)
    block[k:k] = out
    return True


def _block_of(root, stmt, parents):
    """The list of statements holding ``stmt``, if no function or class lies between it and ``root``."""
    p = parents.get(id(stmt))
    node = p
    while node is not None and node is not root:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            return None
        node = parents.get(id(node))
    for field in ("body", "orelse", "finalbody"):
        block = getattr(p, field, None)
        if isinstance(block, list) and any(s is stmt for s in block):
            return block
    return None


def _statement_ok(stmt, child, written):
    if isinstance(stmt, ast.AugAssign):
        return child is stmt.value and isinstance(stmt.target, ast.Name) and stmt.target.id not in written
    if isinstance(stmt, ast.Assign):
        return child is stmt.value
    return isinstance(stmt, (ast.AnnAssign, ast.Expr, ast.Return)) and child is stmt.value


def _preceding(p, child):
    """(holder, field, index) of what Python evaluates in ``p`` before ``child``."""
    if isinstance(p, ast.BinOp):
        return [(p, "left", None)] if child is p.right else []
    if isinstance(p, ast.Subscript):
        return [(p, "value", None)] if child is p.slice else []
    if isinstance(p, (ast.Tuple, ast.List)):
        k = next(i for i, e in enumerate(p.elts) if e is child)
        return [(p, "elts", i) for i in range(k)]
    if isinstance(p, ast.Call):
        if child is p.func:
            return []
        out = [(p, "func", None)]
        for i, a in enumerate(p.args):
            if a is child:
                return out
            out.append((a, "value", None) if isinstance(a, ast.Starred) else (p, "args", i))
        for k in p.keywords:
            if k is child:
                return out
            out.append((k, "value", None))
        return out
    return []


def _kept(node, field, written):
    """Left in place: a constant, a name not rebound by the call, or the dotted name of the
    function called (``np.sum``)."""
    while field == "func" and isinstance(node, ast.Attribute):
        node = node.value
    return isinstance(node, ast.Constant) or isinstance(node, ast.Name) and node.id not in written


def _put(p, child, new):
    for field, value in ast.iter_fields(p):
        if value is child:
            setattr(p, field, new)
            return
        if isinstance(value, list):
            for i, v in enumerate(value):
                if v is child:
                    value[i] = new
                    return
