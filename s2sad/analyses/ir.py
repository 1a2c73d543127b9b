"""What each normalized statement does, for the analyses and the reverse stage.

``classify`` reads one A-normal-form statement and returns an ``Op``: its kind,
the names it assigns, the names whose derivatives flow through it, and the
derivative rule that applies.
"""
import ast
import inspect
import operator
from dataclasses import dataclass, field

import numpy as np

from .. import astutil as A
from ..errors import keyword_param
from ..frontend.resolve import library_function, positional_index, python_function_of
from ..frontend.own_methods import own_method
from ..rules import registry as rules

BINOPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
          ast.Div: operator.truediv, ast.Pow: operator.pow, ast.MatMult: operator.matmul,
          ast.Mod: operator.mod}
UNARYOPS = {ast.USub: operator.neg, ast.UAdd: operator.pos}


@dataclass
class Op:
    kind: str                      # copy const binop unary call pack getitem setitem helper unknown opaque effect custom
    stmt: ast.stmt
    targets: list = field(default_factory=list)
    operands: list = field(default_factory=list)   # names whose derivative flows to the targets
    rule: object = None
    bound: dict = field(default_factory=dict)      # rule parameter -> argument AST
    func: object = None
    blocked: list = field(default_factory=list)  # (parameter, name): reaches a parameter no rule line covers


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
    return python_function_of(obj)


def classify(stmt, ns):
    custom = getattr(stmt, "_s2sad_custom", None)
    if custom is not None:  # built by a transform with its own adjoint (transforms/checkpoint.py)
        return custom.classify(stmt)
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
    if getattr(v, "_s2sad_discrete", None):    # a whole number (frontend/scipy_stats_forms.py): no derivative
        names = A.names_in(v)
        return Op("unknown", stmt, targets, names, blocked=[(v._s2sad_discrete, n) for n in names])
    if getattr(v, "_s2sad_trick", False):       # np.c_[a, b] (frontend/index_tricks.py): no derivative
        names = A.names_in(v.slice)
        return Op("unknown", stmt, targets, names, blocked=[("an index trick", n) for n in names])
    if isinstance(v, ast.Subscript):
        return Op("getitem", stmt, targets, [v.value.id] if isinstance(v.value, ast.Name) else [])
    if isinstance(v, ast.BinOp):
        return _rule_op(stmt, targets, BINOPS.get(type(v.op)), [v.left, v.right], [])
    if isinstance(v, ast.UnaryOp):
        return _rule_op(stmt, targets, UNARYOPS.get(type(v.op)), [v.operand], [])
    if isinstance(v, ast.Call):
        return _call_op(stmt, targets, v, ns)
    if isinstance(v, ast.Dict):  # {'a': x}: replaced by one variable per key (transforms/aggregates.py)
        return Op("pack", stmt, targets, [e.id for e in v.values if isinstance(e, ast.Name)])
    if isinstance(v, (ast.Tuple, ast.List)):  # [] to append to, or (a, b) / [a, b] indexed later
        names = [e.id for e in v.elts if isinstance(e, ast.Name)]
        nested = [n for e in v.elts if not isinstance(e, ast.Name) for n in A.names_in(e)]
        if nested:   # [[a, b], [c, d]] (a helper's parameter bound to it): not followed, refused if active
            return Op("unknown", stmt, targets, names + nested,
                      blocked=[("a list or tuple written inside a list or tuple", n) for n in nested])
        return Op("pack", stmt, targets, names) if v.elts else Op("const", stmt, targets)
    return Op("opaque", stmt, targets)


def _call_op(stmt, targets, v, ns):
    fn = resolve(ns, v.func)
    if any(isinstance(a, ast.Starred) for a in v.args):  # f(*xs): which parameter gets what is unknown
        names = [n for a in list(v.args) + [k.value for k in v.keywords] for n in A.names_in(a)]
        return Op("unknown", stmt, targets, names, func=fn,
                  blocked=[("an argument unpacked with `*`", n) for n in names])
    if fn is not None and rules.nondiff_call_reason(fn, len(v.args), [k.arg for k in v.keywords]):
        return Op("opaque", stmt, targets)
    cast = _dtype_kind(v, ns, fn)
    if cast == "integer" and (fn in PACKERS or rules.lookup(fn) is not None):
        return Op("opaque", stmt, targets)  # a cast to integers: piecewise constant
    if cast == "other":
        names = [a.id for a in _flat_args(v) if isinstance(a, ast.Name)]
        return Op("unknown", stmt, targets, names, func=fn, blocked=[("dtype", n) for n in names])
    if _is_pack(fn, v):
        names = [e.id for e in v.args[0].elts if isinstance(e, ast.Name)]
        return Op("pack", stmt, targets, names, func=fn)
    rule = rules.lookup(fn) if fn is not None else None
    if rule is not None:
        return _rule_op(stmt, targets, fn, v.args, v.keywords, rule)
    names = [a.id for a in _flat_args(v) if isinstance(a, ast.Name)]
    kind = "helper" if inspect.isfunction(fn) and not library_function(fn) or own_method(fn) else "unknown"
    # (a library's: rules only; a method of the user's object: its function, frontend/own_methods.py)
    return Op(kind, stmt, targets, _callee_names(v.func, fn) + names, func=fn)


def _callee_names(func, fn):
    """The local names a call's callee is read from when it resolves to no known object (``L(h)``
    with ``L = Layer(W, b)`` an object with ``__call__``, ``fs[k](h)``): what the call returns
    depends on them, so they are operands, first (a refusal names them); taken for constants, an
    object built from a differentiated value gave a zero gradient."""
    if fn is not None:
        return []
    return [n.id for n in ast.walk(func) if isinstance(n, ast.Name) and not getattr(n, "_s2sad_bound", False)]


PACKERS = (np.array, np.asarray)


def _is_pack(fn, v):
    """``np.array([a, b, ...])`` (a list of atoms; a ``dtype`` may only be a float type)."""
    return fn in PACKERS + (np.stack,) and len(v.args) == 1 \
        and all(k.arg == "dtype" for k in v.keywords) and (fn is not np.stack or not v.keywords) \
        and isinstance(v.args[0], (ast.List, ast.Tuple))


def _dtype_node(call, fn):
    """The expression a call passes as its ``dtype``, by name or by its position in ``fn``'s
    signature (``np.sum(x, 0, int)``), or None."""
    node = next((k.value for k in call.keywords if k.arg == "dtype"), None)
    position = positional_index(fn, "dtype")
    if node is None and position is not None and len(call.args) > position:
        node = call.args[position]
    return node


def unread_dtype(call, ns, fn):
    """The call passes a ``dtype`` whose value is not known when the gradient is built (``a.dtype``,
    a local or parameter name): ``_dtype_kind`` reads it as float, so the result must be checked
    at run time (analyses/int_writes.py), as NumPy may cast the value to integers there."""
    node = _dtype_node(call, fn)
    return node is not None and not isinstance(node, ast.Constant) and resolve(ns, node) is None


def _dtype_kind(call, ns, fn=None):
    """None (no dtype, a float dtype, or one not known when the gradient is built: see
    ``unread_dtype``), 'integer' (integers or booleans) or 'other'."""
    node = _dtype_node(call, fn)
    if node is None:
        return None
    obj = node.value if isinstance(node, ast.Constant) else resolve(ns, node)
    try:
        dt = np.dtype(obj)
    except TypeError:
        return "other"
    if dt.kind == "f":
        return None
    return "integer" if dt.kind in "iub" else "other"


def _flat_args(call):
    """The call's arguments, with list and tuple displays opened at every depth: the names in
    ``np.block([[a, b], [c, d]])`` are its operands (opened one level only, they were not, and
    a call with no rule on a differentiated ``a`` was taken for a constant: a zero gradient)."""
    out, todo = [], list(call.args) + [k.value for k in call.keywords]
    while todo:
        a = todo.pop(0)
        if isinstance(a, (ast.Tuple, ast.List)):
            todo[:0] = a.elts
        else:
            out.append(a)
    return out


def _rule_op(stmt, targets, fn, args, keywords, rule=None):
    """An operation with a derivative rule. Every name the call reads must reach a parameter
    with a `d[...]` line (an operand) or one declared non-differentiable; otherwise the op is
    'unknown' with ``blocked`` set, and refused if a differentiated value reaches it."""
    over = _constant_over(fn, args, keywords)
    rule = rules.lookup(over) if over is not fn else rule or rules.lookup(fn)
    everything = [n for a in list(args) + [k.value for k in keywords] for n in A.names_in(a)]
    if rule is None:
        return Op("unknown", stmt, targets, everything, func=fn)
    params, positional = rule.params[1:], rules.positional_params(rule)
    bound = dict(zip(positional, args))
    extra = [k.arg for k in keywords if k.arg not in params or k.arg in bound]
    for k in keywords:
        bound.setdefault(k.arg, k.value)
    for p, default in rule.defaults.items():
        bound.setdefault(p, default)
    if len(args) > len(positional) or extra or any(p not in bound for p in params):
        why = keyword_param(extra[0]) if extra else "a further positional argument" if len(args) > len(positional) else None
        return Op("unknown", stmt, targets, everything, func=fn, blocked=[(why, n) for n in everything if why])
    diff = rule.differentiable
    operands, blocked = [], []
    for p in params:
        node = bound[p]
        if p in diff and isinstance(node, ast.Name):
            operands.append(node.id)
        elif p in diff or refused_if_differentiated(rule, p, rule.library):
            blocked += [(p, n) for n in ([] if _is_global(node) else A.names_in(node))]
    # blocked names count as operands for activity, so that their flow is seen (and refused)
    return Op("call" if isinstance(stmt.value, ast.Call) else "binop", stmt, targets,
              operands + [n for _, n in blocked], rule, bound, fn, blocked)


# Parameters of s2sad's own rules that take whole numbers (``ddof``: a count NumPy also takes as a
# float, the result then depending on it): a differentiated value NumPy accepts there (a float
# computed from the inputs: ``np.roll(x, s)``, ``np.repeat(x, r)``, ``np.tril(A, k)``, ``np.std(x,
# ddof=d)``) is refused at the line, never given a zero derivative. Other declared reasons (a mask,
# a sign, a cutoff: piecewise constant; a user rule's ``nondiff=``) let it pass without derivative.
WHOLE_NUMBER_PARAMS = frozenset({
    "ddof", "k", "shift", "repeats", "reps", "indices", "indices_or_sections", "kth", "n", "num", "offset",
    "pad_width", "minlength", "obj", "deg", "edge_order", "shape", "source", "destination", "axis", "axes",
    "axisa", "axisb", "axisc", "axis1", "axis2"})


# Parameters of s2sad's own rules that select a form by a constant: ``np.einsum``'s subscripts (its
# sublist form ``np.einsum(x, [0, 1], y, [1, 2])`` puts an operand there), ``np.linalg.norm``'s ``ord``
# (a p-norm depends smoothly on p). A differentiated value there is refused, like a parameter whose
# rule covers some constants only (``constants=``: ``np.cov``'s ``y``, ``np.percentile``'s ``weights``).
CONSTANT_PARAMS = frozenset({"subscripts", "ord"})


def refused_if_differentiated(rule, param, library, constants=None):
    """Whether a differentiated value reaching ``param`` of ``rule`` (not one it differentiates) is
    refused: a parameter declared with no reason or a reason marked ``registry.REFUSED``, one whose
    rule covers some constant values only, or a whole number or a constant of s2sad's own rules.
    (Without it, a call whose only differentiated argument sits there would carry no derivative.)
    Forward mode passes the reverse rule's ``constants``: both modes cover the same forms."""
    why = rule.why_nondiff(param)
    constants = constants or getattr(rule, "constants", None) or {}
    return why is None or why.startswith(rules.REFUSED) or param in constants \
        or library and param in WHOLE_NUMBER_PARAMS | CONSTANT_PARAMS


def _constant_over(fn, args, keywords):
    """``c / y`` with ``c`` a nonzero finite number written in the code takes the rule of
    ``constant_over``, whose adjoint reads the quotient only: the divisor (``1.0 + np.exp(-x)``
    in a sigmoid) need not be saved for the reverse sweep. Any other call: ``fn``."""
    from ..rules.grads_elementwise import constant_over
    if fn not in (operator.truediv, np.divide, np.true_divide) or keywords or len(args) != 2:
        return fn
    c = args[0]
    ok = isinstance(c, ast.Constant) and type(c.value) in (int, float) and c.value != 0 \
        and np.isfinite(c.value)
    return constant_over if ok else fn


def _is_global(node):
    """A bound global (a module constant such as np.float64): never a differentiated value."""
    root = node
    while isinstance(root, ast.Attribute):
        root = root.value
    return isinstance(root, ast.Name) and getattr(root, "_s2sad_bound", False)


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
