"""Stage 1c', lift: a ``def`` nested in the differentiated function becomes a helper.

A nested function reads its enclosing function's locals when it is *called*.
Lambda lifting keeps exactly that: the helper takes those locals as extra
parameters, and every call passes their current values::

    def f(y0, k):                          def f(y0, k):
        def rhs(y):                            ...
            return -k * y          ->          y1 = rhs'(y0, k)      # rhs'(y, k): -k * y
        y1 = rhs(y0)

The lifted helper is then inlined like any module-level helper; if it has default
values, the enclosing locals follow them and calls pass them by keyword (a non-constant
default is bound where the ``def`` runs: nested_defaults.py). A lambda
assigned to a name (``g = lambda y: -k * y``) is the same as a ``def`` there. A nested
function used other than by a direct call (passed, returned, stored), defined
twice under one name, decorated, or writing the
enclosing function's locals (``nonlocal``) in a way ``nonlocals.py`` cannot thread is refused.
"""
import ast
import copy
import types

from .. import astutil as A
from ..errors import unsupported
from .lift_scopes import captured_names, check_call_sites
from .local_classes import why_not_taken
from .nested_caches import drop_caches
from .nested_defaults import bind_defaults
from .nonlocals import thread_nonlocals


def lift_nested(src, fdef, namer):
    """Remove nested defs from ``fdef``, rewrite their calls; return the lifted helpers by name."""
    _lambdas_as_defs(fdef)
    _refuse_local_classes(src, fdef)
    defs = _direct_defs(fdef)
    if not defs:
        return {}
    drop_caches(src, fdef, defs)
    names = [d.name for d in defs]
    thread_nonlocals(fdef, [d for d in defs if names.count(d.name) == 1 and not d.decorator_list], namer)
    for d in defs:
        if names.count(d.name) > 1 or d.decorator_list:
            raise unsupported(src, d, f"the nested function `{d.name}` (defined twice, or decorated)",
                              "Define it once, without decorators, or move it to module level.")
        for n in ast.walk(d):
            if isinstance(n, ast.Nonlocal):   # a lifted helper cannot write the enclosing locals
                raise unsupported(src, n, f"`nonlocal {', '.join(n.names)}` in the nested function `{d.name}`",
                                  f"Return the new value from `{d.name}` and assign it in the enclosing "
                                  f"function (`{n.names[0]} = {d.name}(...)`).")
    bind_defaults(src, fdef, defs, namer)
    outer = set(A.assigned_locals(fdef)) - set(names)
    free = captured_names(src, fdef, defs, outer)
    lifted = {d.name: namer.fresh(d.name + "_lifted") for d in defs}
    for d in defs:
        check_call_sites(src, d, {d.name for d in defs}, free, own=True)
        _rewrite_calls(src, d, lifted, free, defs)
    funcs = _make_functions(src, [(d, free[d.name], lifted[d.name]) for d in defs])
    _remove_defs(fdef, defs)
    check_call_sites(src, fdef, {d.name for d in defs}, free, own=False)
    _rewrite_calls(src, fdef, lifted, free, defs, funcs)
    for d in defs:  # calls inside the helpers refer to the lifted functions too
        for node in ast.walk(funcs[lifted[d.name]].__s2sad_source__.tree):
            if isinstance(node, ast.Name) and node.id in funcs:
                node._s2sad_obj = funcs[node.id]
    return funcs


def _refuse_local_classes(src, fdef):
    """A ``class`` statement still in ``fdef`` is one ``local_classes`` did not take: refused at the
    class, with the reason, rather than at one of its methods as a nested function."""
    for node in _direct_nodes(fdef, ast.ClassDef):
        why = why_not_taken(src, fdef, node)
        raise unsupported(src, node, f"the class definition `{node.name}` inside the function: {why}",
                          f"Define the class at module level (s2sad follows objects of your module's classes, "
                          "their methods, static methods and properties), or write the class statement at the "
                          f"top of the function's body, its name only called (`h = {node.name}(...)`), its "
                          "code reading only module globals.")


def _direct_nodes(fdef, kind):
    """The nodes of type ``kind`` in ``fdef``, not inside nested defs or classes."""
    found, todo = [], list(ast.iter_child_nodes(fdef))
    while todo:
        node = todo.pop(0)
        if isinstance(node, kind):
            found.append(node)
        elif not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            todo.extend(ast.iter_child_nodes(node))
    return found


def _direct_defs(fdef):
    """The defs nested in ``fdef`` itself, not those nested in them: a def inside a nested
    function reads that function's locals, so it is lifted when that function's own (lifted)
    body goes through the front end."""
    found, todo = [], list(ast.iter_child_nodes(fdef))
    while todo:
        node = todo.pop(0)
        if isinstance(node, ast.FunctionDef):
            found.append(node)
        else:
            todo.extend(ast.iter_child_nodes(node))
    return found


def _lambdas_as_defs(fdef):
    """``g = lambda a: e`` (a statement of its own) -> ``def g(a): return e``: the same function,
    bound at the same point. A lambda anywhere else is left to the check stage (refused)."""
    for node in ast.walk(fdef):
        for field in ("body", "orelse"):
            block = getattr(node, field, None)
            if not isinstance(block, list):
                continue
            for k, s in enumerate(block):
                if isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name) \
                        and isinstance(s.value, ast.Lambda):
                    ret = A.at(ast.Return(value=s.value.body), s.value.body)
                    block[k] = A.at(ast.FunctionDef(name=s.targets[0].id, args=s.value.args, body=[ret],
                                                    decorator_list=[], returns=None, type_params=[]), s)


def _rewrite_calls(src, tree, lifted, free, defs, funcs=None):
    """``h(a)`` -> ``h_lifted(a, k)``; any other use of ``h`` is refused."""
    calls = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in lifted:
            name = node.func.id
            calls.add(id(node.func))
            node.func = A.at(A.name(lifted[name]), node.func)
            if funcs is not None:
                node.func._s2sad_obj = funcs[lifted[name]]
            calls.add(id(node.func))
            if _has_defaults(defs, name):  # after the defaulted parameters: passed by keyword
                node.keywords = list(node.keywords) + [ast.keyword(arg=v, value=A.at(A.name(v), node))
                                                       for v in free[name]]
            else:
                node.args = list(node.args) + [A.at(A.name(v), node) for v in free[name]]
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in lifted and id(node) not in calls \
                and not isinstance(node.ctx, ast.Store):
            raise unsupported(src, node, f"the nested function `{node.id}` used as a value",
                              "Call it directly, or define it at module level.")


def _has_defaults(defs, name):
    return any(d.name == name and d.args.defaults for d in defs)


def _remove_defs(fdef, defs):
    ids = {id(d) for d in defs}
    for node in ast.walk(fdef):
        for field in ("body", "orelse"):
            block = getattr(node, field, None)
            if isinstance(block, list) and any(id(s) in ids for s in block):
                kept = [s for s in block if id(s) not in ids]
                setattr(node, field, kept or [A.at(ast.Pass(), block[0])])


def _make_functions(src, items):
    """Real function objects for the lifted helpers (``items``: each nested def, the enclosing locals
    it reads, its new name), each carrying its own parsed source. They are made together inside one
    enclosing function, so that their calls of one another, and of themselves (a recursive nested
    def called where nothing is differentiated), find them when they run."""
    trees = [_lifted_tree(src, d, extra, name) for d, extra, name in items]
    names = [name for _, _, name in items]
    result = ast.Return(value=ast.Tuple(elts=[A.name(n) for n in names], ctx=ast.Load()))
    maker = ast.FunctionDef(name="_s2sad_lifted", args=ast.arguments(posonlyargs=[], args=[], kwonlyargs=[],
                                                                      kw_defaults=[], defaults=[]),
                            body=[copy.deepcopy(t) for t in trees] + [result], decorator_list=[], returns=None,
                            type_params=[])
    module = ast.fix_missing_locations(ast.Module(body=[maker], type_ignores=[]))
    scope = {}
    exec(compile(module, src.filename, "exec"), src.globals, scope)  # noqa: S102 (the user's own nested defs)
    from .parsing import Source
    funcs = {}
    for (d, extra, name), tree, fn in zip(items, trees, scope["_s2sad_lifted"]()):
        fn.__name__, fn.__qualname__ = d.name, f"{src.name}.<locals>.{d.name}"  # adjoints read b_rhs_y
        label = src.name if getattr(d, "_s2sad_try_block", False) else d.name     # (try_blocks.py: the user's)
        fn.__s2sad_source__ = Source(fn, tree, src.filename, label, src.indent, src.lines, src.globals,
                                     src.cells)
        fn.__s2sad_captured__ = tuple(extra)   # the enclosing locals it reads, now its last parameters
        assert isinstance(fn, types.FunctionType)
        funcs[name] = fn
    return funcs


def _lifted_tree(src, d, extra, name):
    """The nested def ``d`` as the lifted helper ``name``, taking the enclosing locals ``extra`` last."""
    for dv in d.args.defaults + [k for k in d.args.kw_defaults if k is not None]:
        if not isinstance(dv, ast.Constant):
            raise unsupported(src, dv, f"a non-constant default value in the nested function `{d.name}`",
                              "Pass the value explicitly.")
    tree = copy.deepcopy(d)
    tree.args.args = list(tree.args.args) + [ast.arg(arg=v) for v in extra]
    if tree.args.defaults:   # every call passes the enclosing locals by keyword
        tree.args.defaults = list(tree.args.defaults) + [A.const(None) for _ in extra]
    tree.name = name
    return tree
