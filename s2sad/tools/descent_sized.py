"""Descent loops for one size of ``x``, with ``x``, its gradient and the optimiser state in locals.

When the buffer-writing adjoint (:func:`s2sad.backends.into.adjoint_into`) reads its
parameter ``p`` only as ``p[c]`` and touches its gradient ``b_p`` only as ``b_p[c]``
(``c`` an int constant: ``f(p) = g(p[0], p[1])``), a descent of a 1-D ``x`` of size
``n = 1 + max c`` needs no array in its step: ``p[c]`` is the local ``x_c``,
``b_p[c]`` the local ``g_c``, and the update rule is written out once per element on
``m_c``, ``v_c``... (``_s2sad_minimize_adam_n2``). numba then keeps the whole state in
registers: no load or store of an array on the step's chain of dependent operations, no
bounds check, no size test of the buffer (measured on Himmelblau's Adam descent:
the loop on arrays 1.3x the hand-written loop compiled with numba, this one 1.04x).
The statements and their order are the array loop's, so the iterates are the same bit for bit.

``sized_loop_def`` returns None when the adjoint does anything else with ``p`` or ``b_p``
(or ``n`` exceeds ``MAX_SIZE``): the loop on arrays serves every size then.
"""
import ast

from .. import astutil as A
from ..backends.into import BUFFER
from .descent import RULES, SETTINGS, START, _Hygiene, _LOOP_GLOBALS, _stmts, inline_body, loop_name

MAX_SIZE = 32          # elements written out one by one; beyond, the loop on arrays


def sized_name(method, size):
    return f"{loop_name(method, True)}_n{size}"


def size_of(into):
    """``n`` if the adjoint ``into`` (``(p, *args, _s2sad_g) -> value``) can run on locals for a
    1-D ``p`` of size ``n`` (see the module's docstring), else None."""
    p, grad = into.args.args[0].arg, _grad_name(into)
    if grad is None:
        return None
    dropped = {id(n) for s in into.body if _zeroing(s) is not None or _binds_buffer(s) for n in ast.walk(s)}
    indexed, sizes = set(), [0]
    for node in ast.walk(into):
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id in (p, grad):
            c = node.slice
            if not (isinstance(c, ast.Constant) and type(c.value) is int and c.value >= 0) \
                    or not isinstance(node.ctx, ast.Load if node.value.id == p else (ast.Load, ast.Store)):
                return None
            indexed.add(id(node.value))
            sizes.append(c.value + 1)
    for node in ast.walk(into):
        if isinstance(node, ast.Name) and node.id in (p, grad, BUFFER) and id(node) not in indexed | dropped:
            return None
    return max(sizes) if 0 < max(sizes) <= MAX_SIZE else None


def _grad_name(into):
    """``b_p`` of the top-level ``b_p = _s2sad_g`` (the adjoint updates the buffer in place)."""
    binds = [s.targets[0].id for s in into.body if _binds_buffer(s)]
    return binds[0] if len(binds) == 1 else None


def _binds_buffer(s):
    return isinstance(s, ast.Assign) and isinstance(s.value, ast.Name) and s.value.id == BUFFER \
        and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name)


def _zeroing(s):
    """For ``_s2sad_g.fill(0.0)``: 0 (always); for ``if _s2sad_g.shape[0] != m: _s2sad_g.fill(0.0)``:
    ``m`` (the zeroing runs unless the buffer has ``m`` elements); else None."""
    if isinstance(s, ast.Expr) and isinstance(s.value, ast.Call) and isinstance(s.value.func, ast.Attribute) \
            and s.value.func.attr == "fill" and isinstance(s.value.func.value, ast.Name) \
            and s.value.func.value.id == BUFFER and ast.dump(s.value) == ast.dump(ast.parse(
                f"{BUFFER}.fill(0.0)", mode="eval").body):
        return 0
    if isinstance(s, ast.If) and not s.orelse and len(s.body) == 1 and _zeroing(s.body[0]) == 0:
        t = s.test
        if isinstance(t, ast.Compare) and isinstance(t.ops[0], ast.NotEq) and len(t.ops) == 1 \
                and isinstance(t.comparators[0], ast.Constant) and type(t.comparators[0].value) is int \
                and ast.dump(t.left) == ast.dump(ast.parse(f"{BUFFER}.shape[0]", mode="eval").body):
            return t.comparators[0].value
    return None


class _Locals(ast.NodeTransformer):
    """``p[c]`` -> ``x_c``, ``b_p[c]`` -> ``g_c``, the zeroing of the buffer -> ``g_c = 0.0``
    (or nothing when the size ``n`` skips it), ``b_p = _s2sad_g`` dropped."""

    def __init__(self, p, grad, size, rename):
        self.p, self.grad, self.size, self.rename = p, grad, size, rename

    def visit_Subscript(self, node):
        if isinstance(node.value, ast.Name) and node.value.id in (self.p, self.grad):
            kind = "x" if node.value.id == self.p else "g"
            return ast.copy_location(ast.Name(id=self.rename(f"{kind}_{node.slice.value}"), ctx=node.ctx), node)
        return self.generic_visit(node)

    def visit_Assign(self, node):
        return [] if _binds_buffer(node) else self.generic_visit(node)

    def visit_If(self, node):
        return self._zero(node)

    def visit_Expr(self, node):
        return self._zero(node)

    def _zero(self, node):
        m = _zeroing(node)
        if m is None:
            return self.generic_visit(node)
        if m == self.size:
            return []
        return [A.at(A.assign(self.rename(f"g_{j}"), A.const(0.0)), node) for j in range(self.size)]


def sized_loop_def(method, n_extra, into, size, data=(), ranks=None, head="dout"):
    """The loop ``sized_name(method, size)``, same arguments and results as the loop on arrays
    (:func:`s2sad.tools.descent.loop_def`), for an ``x0`` of shape ``(size,)``; ``into``: the
    buffer-writing adjoint, with ``size_of(into) == size``."""
    state, per_step, per_elem = RULES[method]
    extra = [f"a{k + 1}" for k in range(n_extra)]
    els = range(size)
    body = _stmts(START)
    body += _stmts("\n".join(f"x_{j} = x[{j}]" for j in els))
    body += _stmts("\n".join(f"{s}_{j} = x_{j} * 0.0" for s in state for j in els))
    update = [_Element(j, {"x", "g", *state}).visit(s) for j in els for s in _stmts(per_elem)]
    inner = _stmts("_s2sad_step_here()") + _stmts(per_step) + update
    body.append(ast.For(target=A.name("k", store=True), iter=A.call("range", A.name("steps")),
                        body=inner, orelse=[]))
    body += _stmts("\n".join(f"x[{j}] = x_{j}" for j in els)) + _stmts("return x, losses")
    fdef = ast.FunctionDef(name=sized_name(method, size), args=ast.arguments(
        posonlyargs=[], args=[ast.arg(arg=a) for a in ["x0"] + extra + SETTINGS], vararg=None,
        kwonlyargs=[], kw_defaults=[], kwarg=None, defaults=[]), body=body, decorator_list=[],
        returns=None, type_params=[])
    avoid = set(data) | set(A.names_in(into)) | set(A.assigned_locals(into))
    hygiene = _Hygiene(avoid - _LOOP_GLOBALS)
    hygiene.visit(fdef)
    step = inline_body(into, n_extra, True, hygiene.rename)
    step = step[1:1 + n_extra] + step[2 + n_extra:]     # no `p = x`, no `_s2sad_g = g`
    locals_ = _Locals(into.args.args[0].arg, _grad_name(into), size, hygiene.rename)
    step = [out for s in step for out in _as_list(locals_.visit(s))]
    from ..backends.seeds import hoist_seeds
    prelude, step = hoist_seeds(step, ranks, set(A.names_in(fdef)) | avoid, head)
    loop = next(s for s in body if isinstance(s, ast.For))
    body[body.index(loop):body.index(loop)] = prelude
    loop.body[:1] = step
    return ast.fix_missing_locations(fdef)


def _as_list(node):
    return node if isinstance(node, list) else [node]


class _Element(ast.NodeTransformer):
    """``m`` -> ``m_j`` (and ``x``, ``g``) in the update of element ``j``."""

    def __init__(self, j, names):
        self.j, self.names = j, names

    def visit_Name(self, node):
        if node.id in self.names:
            return ast.copy_location(ast.Name(id=f"{node.id}_{self.j}", ctx=node.ctx), node)
        return node
