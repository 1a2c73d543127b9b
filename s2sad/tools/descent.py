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
powers. ``loop_name(method, array)`` names the loop;
``(x0, *args, lr, steps, b1, b2, eps, momentum) -> (x, losses)``.
"""
import ast

from .. import astutil as A

METHODS = ("sgd", "momentum", "adam")

RULES = {   # method: (state arrays, statements once per step, statements per element)
    "sgd": ((), "", "x = x - lr * g"),
    "momentum": (("buf",), "", "buf = momentum * buf + g\nx = x - lr * buf"),
    "adam": (("m", "v"), "p1 = p1 * b1\np2 = p2 * b2\nstep = -(lr / (1.0 - p1))\nroot = np.sqrt(1.0 - p2)",
             "m = m + (1.0 - b1) * (g - m)\nv = v * b2 + (1.0 - b2) * g * g\n"
             "x = x + step * (m / (np.sqrt(v) / root + eps))"),
}
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


def loop_def(method, n_extra, adjoint, array, progress=False, data=()):
    """The descent loop: ``adjoint`` is the name of ``<adjoint>_into(x, *args, *data, g) -> value``
    (array ``x``, numba) or of the adjoint ``(x, *args, *data, dout) -> (value, g)``; ``data``:
    the globals the adjoint takes as parameters (the module's values, frozen by numba)."""
    state, per_step, per_elem = RULES[method]
    extra = [f"a{k + 1}" for k in range(n_extra)]
    passed = extra + list(data)
    body = _stmts("x = x0 + 0.0\nlosses = np.empty(steps)\np1 = 1.0\np2 = 1.0")
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
    inner = _stmts(call)
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
    _Hygiene(set(data)).visit(fdef)
    return ast.fix_missing_locations(fdef)


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


def loop_defs(jb):
    """The loops (and the buffer-writing adjoint) for the generated module of ``jb``,
    a JitBuilt wrt its first parameter."""
    from ..backends.into import adjoint_into
    into = adjoint_into(jb.tree, jb.namespace)
    n_extra, data = len(jb.params) - 1, [name for name, _ in jb.data]
    loops = [loop_def(m, n_extra, into.name, True, data=data) for m in METHODS]
    loops += [loop_def(m, n_extra, jb.tree.name, False, data=data) for m in METHODS]
    return [into] + loops
