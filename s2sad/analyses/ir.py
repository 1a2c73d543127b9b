"""What each normalized statement does, for the analyses and the reverse stage.

``classify`` reads one A-normal-form statement and returns an ``Op``: its kind,
the names it assigns, the names whose derivatives flow through it, and the
derivative rule that applies.
"""
import ast
import inspect
import operator
from dataclasses import dataclass, field

from .. import astutil as A
from ..rules import registry as rules

BINOPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
          ast.Div: operator.truediv, ast.Pow: operator.pow, ast.MatMult: operator.matmul,
          ast.Mod: operator.mod}
UNARYOPS = {ast.USub: operator.neg, ast.UAdd: operator.pos}


@dataclass
class Op:
    kind: str                      # copy const binop unary call pack getitem setitem helper unknown opaque effect
    stmt: ast.stmt
    targets: list = field(default_factory=list)
    operands: list = field(default_factory=list)   # names whose derivative flows to the targets
    rule: object = None
    bound: dict = field(default_factory=dict)      # rule parameter -> argument AST
    func: object = None


def resolve(ns, node):
    """The object a (bound) dotted name refers to in the generated namespace."""
    if hasattr(node, "_s2sad_obj") and not isinstance(node, ast.Name):
        return node._s2sad_obj
    path = A.dotted_path(node)
    if path is None:
        return None
    root, *rest = path.split(".")
    if root not in ns.objects:
        return None
    obj = ns.objects[root]
    try:
        for part in rest:
            obj = getattr(obj, part)
    except AttributeError:
        return None
    return obj


def classify(stmt, ns):
    if not isinstance(stmt, ast.Assign):
        if hasattr(stmt, "_s2sad_append"):
            lst, arg = stmt._s2sad_append[0], stmt.value.args[0]
            return Op("append", stmt, [lst], [lst] + ([arg.id] if isinstance(arg, ast.Name) else []))
        return Op("effect", stmt)
    tgt, v = stmt.targets[0], stmt.value
    if isinstance(tgt, ast.Subscript):
        ops = [tgt.value.id] + ([v.id] if isinstance(v, ast.Name) else [])
        return Op("setitem", stmt, [tgt.value.id], ops)
    targets = [e.id for e in tgt.elts] if isinstance(tgt, ast.Tuple) else [tgt.id]
    if getattr(v, "_opaque", False):
        return Op("opaque", stmt, targets)
    if isinstance(v, ast.Name):
        return Op("copy", stmt, targets, [v.id])
    if isinstance(v, ast.Constant):
        return Op("const", stmt, targets)
    if isinstance(v, ast.Subscript):
        return Op("getitem", stmt, targets, [v.value.id] if isinstance(v.value, ast.Name) else [])
    if isinstance(v, ast.BinOp):
        return _rule_op(stmt, targets, BINOPS.get(type(v.op)), [v.left, v.right], [])
    if isinstance(v, ast.UnaryOp):
        return _rule_op(stmt, targets, UNARYOPS.get(type(v.op)), [v.operand], [])
    if isinstance(v, ast.Call):
        return _call_op(stmt, targets, v, ns)
    if isinstance(v, (ast.Tuple, ast.List)):  # [] to append to, or (a, b) / [a, b] indexed later
        names = [e.id for e in v.elts if isinstance(e, ast.Name)]
        return Op("pack", stmt, targets, names) if v.elts else Op("const", stmt, targets)
    return Op("opaque", stmt, targets)


def _call_op(stmt, targets, v, ns):
    fn = resolve(ns, v.func)
    if fn is not None and rules.is_nondiff(fn):
        return Op("opaque", stmt, targets)
    if _is_pack(fn, v):
        names = [e.id for e in v.args[0].elts if isinstance(e, ast.Name)]
        return Op("pack", stmt, targets, names, func=fn)
    rule = rules.lookup(fn) if fn is not None else None
    if rule is not None:
        return _rule_op(stmt, targets, fn, v.args, v.keywords, rule)
    names = [a.id for a in _flat_args(v) if isinstance(a, ast.Name)]
    kind = "helper" if inspect.isfunction(fn) else "unknown"
    return Op(kind, stmt, targets, names, func=fn)


def _is_pack(fn, v):
    import numpy as np
    return fn in (np.array, np.asarray, np.stack) and len(v.args) == 1 and not v.keywords \
        and isinstance(v.args[0], (ast.List, ast.Tuple))


def _flat_args(call):
    out = []
    for a in list(call.args) + [k.value for k in call.keywords]:
        out.extend(a.elts if isinstance(a, (ast.Tuple, ast.List)) else [a])
    return out


def _rule_op(stmt, targets, fn, args, keywords, rule=None):
    rule = rule or rules.lookup(fn)
    if rule is None:
        return Op("unknown", stmt, targets, [a.id for a in args if isinstance(a, ast.Name)], func=fn)
    params = rule.params[1:]
    bound = {}
    for p, a in zip(params, args):
        bound[p] = a
    for k in keywords:
        bound[k.arg] = k.value
    for p, default in rule.defaults.items():
        bound.setdefault(p, default)
    if len(args) > len(params) or any(p not in bound for p in params):
        return Op("unknown", stmt, targets, [a.id for a in args if isinstance(a, ast.Name)], func=fn)
    diff = rule.differentiable
    operands = [bound[p].id for p in params if p in diff and isinstance(bound[p], ast.Name)]
    return Op("call" if isinstance(stmt.value, ast.Call) else "binop", stmt, targets, operands,
              rule, bound, fn)


def walk_ops(stmts, ns, out=None):
    """Classify every assignment in a statement tree (pre-order)."""
    out = [] if out is None else out
    for s in stmts:
        if isinstance(s, (ast.If, ast.While, ast.For)):
            walk_ops(s.body, ns, out)
            walk_ops(s.orelse, ns, out)
        else:
            op = classify(s, ns)
            s._s2sad_op = op
            out.append(op)
    return out
