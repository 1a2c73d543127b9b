"""The descent loops of :func:`s2sad.minimize`, generated as ASTs.

Each update rule is written once, as statements on one element
(:data:`RULES`), and turned into

* for numba (an array ``x``): one loop over the elements of flat views of
  ``x``, the gradient buffer ``g`` and the optimiser state, updated in place,
  after ``f``'s adjoint wrote the gradient into ``g`` (``<adjoint>_into``): no
  allocation per step;
* for numba (a float ``x``) and for Python: the same statements on whole
  values (NumPy broadcasts them over an array ``x``).

Adam's bias corrections use running products ``p1 = p1 * b1`` instead of
powers, set to 0 once below 1e-20: ``1.0 - p1`` is then exactly 1.0 either way,
and the product never reaches the subnormal range, where each multiplication is
slow (measured: 1.5x the whole Himmelblau descent). Once a product is 0, the step
size (or the root) it gives no longer changes and is not computed again: divisions
and square roots share one unit of the processor, and the step's own (``m / ...``,
``np.sqrt(v)``) wait behind it (measured: the Himmelblau descent 1.04x faster, as fast
as the hand-written loop, which recomputes both). For the same reason the second
correction is applied as a product by ``unroot = 1 / sqrt(1 - p2)``, one division per
step, not one per element, and the step size multiplies ``m`` before the division
(``step * m / d``, as ``torch.optim.Adam``'s ``addcdiv``), off the chain of dependent
operations from ``v`` to the next ``x`` (measured: the Himmelblau descent 501 -> 434 us,
0.88x the hand-written loop). ``loop_name(method, array)`` names the loop; ``(x0, *args, lr, steps, b1, b2, eps, momentum) -> (x, losses)``.

In the numba loops the adjoint's statements are inlined into the loop body
(:func:`inline_body`) rather than called, so numba and LLVM see one function:
the loop's own names are renamed away from every name of the adjoint, the
adjoint's parameters are bound at the top of each step, its ``return`` becomes
the loss (and gradient) of the step.
"""
import ast

from .. import astutil as A

METHODS = ("sgd", "momentum", "adam")

RULES = {   # method: (state arrays, statements once per step, statements per element)
    "sgd": ((), "", "x = x - lr * g"),
    "momentum": (("buf",), "", "buf = momentum * buf + g\nx = x - lr * buf"),
    "adam": (("m", "v"), "if p1 > 0.0:\n    p1 = p1 * b1\n    if p1 < 1e-20:\n        p1 = 0.0\n"
             "    step = -(lr / (1.0 - p1))\nif p2 > 0.0:\n    p2 = p2 * b2\n    if p2 < 1e-20:\n        p2 = 0.0\n"
             "    unroot = 1.0 / np.sqrt(1.0 - p2)",
             "m = m + (1.0 - b1) * (g - m)\nv = v * b2 + (1.0 - b2) * g * g\n"
             "x = x + step * m / (np.sqrt(v) * unroot + eps)"),
}
START = "x = x0 + 0.0\nlosses = np.empty(steps)\np1 = 1.0\np2 = 1.0\nstep = -lr\nunroot = 1.0"
SETTINGS = ["lr", "steps", "b1", "b2", "eps", "momentum"]


def loop_name(method, array):
    return f"_s2sad_minimize_{method}" + ("" if array else "_scalar")


def _stmts(text):
    return ast.parse(text).body if text else []


class _Element(ast.NodeTransformer):
    """``m`` -> ``m_flat[j]`` for the per-element names."""

    def __init__(self, names):
        self.names = names

    def visit_Name(self, node):
        if node.id in self.names:
            return ast.Subscript(value=A.name(f"{node.id}_flat"), slice=A.name("j"),
                                 ctx=node.ctx)
        return node


def loop_def(method, n_extra, adjoint, array, progress=False, data=(), inline=None, ranks=None, head="dout"):
    """The descent loop: ``adjoint`` is the name of ``<adjoint>_into(x, *args, *data, g) -> value``
    (array ``x``, numba) or of the adjoint ``(x, *args, *data, dout) -> (value, g)``; ``data``:
    the globals the adjoint takes as parameters (the module's values, frozen by numba).
    ``inline``: that function's FunctionDef, whose statements replace the call (numba loops);
    ``ranks``: its ``Built.ranks``, to create its constant seeds once (:mod:`s2sad.backends.seeds`);
    ``head``: the adjoint's name for its head gradient ``dout``."""
    state, per_step, per_elem = RULES[method]
    extra = [f"a{k + 1}" for k in range(n_extra)]
    passed = extra + list(data)
    body = _stmts(START)
    body += _stmts("\n".join(f"{s} = x * 0.0" for s in state))
    if array:
        body += _stmts("g = x * 0.0\nn = x.size")
        body += _stmts("\n".join(f"{s}_flat = {s}.reshape(n)" for s in ("x", "g") + state))
        call = f"losses[k] = {adjoint}({', '.join(['x'] + passed + ['g'])})"
        update = [ast.For(target=A.name("j", store=True), iter=A.call("range", A.name("n")),
                          body=[_Element({"x", "g", *state}).visit(s) for s in _stmts(per_elem)], orelse=[])]
    else:
        call = f"r = {adjoint}({', '.join(['x'] + passed + ['1.0'])})\nlosses[k] = r[0]\ng = r[1]"
        update = _stmts(per_elem)
    if inline is not None and not inlinable(inline, data, array):
        inline = None
    inner = _stmts(_PLACE + "()" if inline is not None else call)
    for node in ast.walk(inner[0]):
        if isinstance(node, ast.Call):
            for a in node.args[1 + len(extra):1 + len(passed)]:
                a._s2sad_data = True
    inner += _stmts(per_step) + update
    if progress:
        inner += _stmts("if k % 64 == 0:\n    _s2sad_progress(k, steps, losses[k])")
    body.append(ast.For(target=A.name("k", store=True), iter=A.call("range", A.name("steps")),
                        body=inner, orelse=[]))
    body += _stmts("return x, losses")
    args = ["x0"] + extra + SETTINGS
    fdef = ast.FunctionDef(name=loop_name(method, array), args=ast.arguments(
        posonlyargs=[], args=[ast.arg(arg=a) for a in args], vararg=None, kwonlyargs=[], kw_defaults=[],
        kwarg=None, defaults=[]), body=body, decorator_list=[], returns=None, type_params=[])
    avoid = set(data) | (set(A.names_in(inline)) | set(A.assigned_locals(inline)) if inline is not None else set())
    hygiene = _Hygiene(avoid - _LOOP_GLOBALS)
    hygiene.visit(fdef)
    if inline is not None:
        from ..backends.seeds import hoist_seeds
        step = inline_body(inline, n_extra, array, hygiene.rename)
        prelude, step = hoist_seeds(step, ranks, set(A.names_in(fdef)) | avoid, head)
        body[-2:-2] = prelude
        body[-2].body[:1] = step               # the step loop, still before the return
    return ast.fix_missing_locations(fdef)


_PLACE = "_s2sad_step_here"
_LOOP_GLOBALS = {"np", "range", "_s2sad_progress"}    # globals the loop itself reads


def inlinable(fdef, data, array):
    """Whether the adjoint ``fdef`` can be spliced into a loop body: one ``return``, its last
    statement (a ``(value, gradient)`` pair for the scalar loop); no nested scopes; no local
    that is a global of the loop or of the adjoint (``data``)."""
    ret = fdef.body[-1] if fdef.body else None
    if not isinstance(ret, ast.Return) or ret.value is None:
        return False
    if not array and not (isinstance(ret.value, ast.Tuple) and len(ret.value.elts) == 2):
        return False
    inner = [n for s in fdef.body for n in ast.walk(s)]
    if any(isinstance(n, (ast.Return, ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef,
                          ast.Global, ast.Nonlocal, ast.Yield, ast.YieldFrom)) for n in inner if n is not ret):
        return False
    stored = {n.id for n in inner if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    params = {a.arg for a in fdef.args.args}
    return not ((stored | params) & _LOOP_GLOBALS) and not stored & set(data)


def inline_body(fdef, n_extra, array, rename):
    """The statements of one step: the adjoint's parameters bound to the loop's values
    (``rename`` gives the loop's name for its own ``x``, ``a1``..., ``g``), its body, and its
    ``return`` as ``losses[k] = value`` (and ``g = gradient`` for the scalar loop). Globals
    the adjoint takes as parameters (``data``) are read as the module's globals."""
    params = [a.arg for a in fdef.args.args]
    binds = [A.assign(params[0], rename("x"))]
    binds += [A.assign(params[1 + k], rename(f"a{k + 1}")) for k in range(n_extra)]
    binds.append(A.assign(params[-1], rename("g")) if array else A.assign(params[-1], A.const(1.0)))
    body = A.clone(fdef.body)
    value = body.pop().value
    loss = ast.Subscript(value=A.name(rename("losses")), slice=A.name(rename("k")), ctx=ast.Store())
    if array:
        return binds + body + [A.assign(loss, value)]
    return binds + body + [A.assign(loss, value.elts[0]), A.assign(rename("g"), value.elts[1])]


class _Hygiene(ast.NodeTransformer):
    """The loop's own names never hide a global the adjoint takes (``m`` -> ``m_``)."""

    def __init__(self, avoid):
        self.avoid, self.calls = avoid, set()

    def rename(self, name):
        from ..backends.drivers import free_name
        return free_name(name, self.avoid) if name in self.avoid else name

    def visit_Name(self, node):
        if not getattr(node, "_s2sad_data", False):     # the data passed to the adjoint keep their names
            node.id = self.rename(node.id)
        return node

    def visit_arg(self, node):
        node.arg = self.rename(node.arg)
        return node


def loop_defs(jb, method, array):
    """The loops of update rule ``method`` for the generated module of ``jb``, a JitBuilt wrt its
    first parameter: for an array ``x`` (``array``) the buffer-writing adjoint, the loop on arrays
    and the loop for its size (``descent_sized``) when the adjoint allows one; for a float the
    loop on whole values. Each with its first-call copy (``try_loops``)."""
    n_extra, data = len(jb.params) - 1, [name for name, _ in jb.data]
    ranks = getattr(getattr(jb, "base", jb), "ranks", None)
    head = jb.tree.args.args[-1].arg
    if not array:
        loops = [loop_def(method, n_extra, jb.tree.name, False, data=data, inline=jb.tree, ranks=ranks, head=head)]
        return loops + try_loops(jb, loops)
    from ..backends.into import adjoint_into
    into = adjoint_into(jb.tree, jb.namespace)
    loops = [loop_def(method, n_extra, into.name, True, data=data, inline=into, ranks=ranks, head=head)]
    from .descent_sized import size_of, sized_loop_def
    size = size_of(into) if inlinable(into, data, True) else None
    if size is not None:      # x of that size: x, its gradient and the state in locals
        loops.append(sized_loop_def(method, n_extra, into, size, data=data, ranks=ranks, head=head))
    return [into] + loops + try_loops(jb, loops)


def try_loops(jb, loops):
    """The first-call copies of ``loops`` (:mod:`s2sad.tools.descent_try`): each loop whose inlined
    adjoint has broadcasting fallbacks, with those raising, named ``first_try.PREFIX + <loop>``;
    none when running the adjoint twice could differ from once (``first_try.retry_safe``)."""
    from ..backends import first_try
    if jb.inline or not first_try.retry_safe(jb):
        return []
    copies = [first_try.optimistic(loop) for loop in loops]
    return [c for c in copies if c is not None]
