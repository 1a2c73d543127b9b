"""Stage 1c'0'', a nested function or lambda passed to a helper of the module, which calls it
(open47): ``_apply(g, x)`` / ``_apply(lambda v: v * c, x)`` with ``def _apply(h, v): return
h(v) * 2.0``. ``lift`` refuses a nested function used as a value (its free names are passed when
it is called, which it cannot do for a callee it does not see); a module-level function given
as an argument was already followed (the inliner binds the name). Here the helper is copied as a
nested function of its own for that argument, ``h`` written as the function given::

    def _apply_g(v):                 # made just before the statement of the call
        return g(v) * 2.0
    ... _apply_g(x) ...

and ``lift`` lifts both, ``g``'s free names passed when ``_apply_g`` calls it, as Python reads
them then. A lambda given is first bound to a fresh name on the line before the statement
(``lift`` takes ``name = lambda ...`` as a ``def``).

Invariant (the copy runs as the helper would): the helper is a plain function of the user's in
the function's module (``object_model.plain_function``: positional parameters, constant
defaults, the module names it reads none of the function's locals, no nested scopes); the
parameter is only ever called in it (never stored, passed or returned); the function given is a
nested function defined once or a lambda whose defaults are names or constants, not written under
another lambda or a comprehension (where the names it reads are not the function's). Anything
else is left as written (and refused by ``lift``, located).
"""
import ast

from .. import astutil as A
from .calls import bind_arguments
from .object_model import plain_function
from .resolve import MISSING, Resolver, user_function

_SCOPES = (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def function_args(src, fdef, namer):
    local = set(A.assigned_locals(fdef))
    defs = [n.name for n in A.walk(fdef) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n is not fdef]
    once = {d for d in defs if defs.count(d) == 1}
    stored = {n.id for n in A.walk(fdef) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)}
    resolver = Resolver(src, local)
    parents = {id(c): p for p in A.walk(fdef) for c in ast.iter_child_nodes(p)}
    for call in [n for n in A.walk(fdef) if isinstance(n, ast.Call)]:
        fn = resolver.obj(call.func) if isinstance(call.func, ast.Name) else MISSING
        if fn is MISSING or not user_function(fn) or fn.__globals__ is not src.globals:
            continue
        given = [a for a in call.args + [k.value for k in call.keywords]
                 if isinstance(a, ast.Lambda) or isinstance(a, ast.Name) and a.id in once and a.id not in stored]
        if given:
            _Copy(src, fdef, call, fn, namer, parents).apply(local, once - stored)


class _Copy:
    def __init__(self, src, fdef, call, fn, namer, parents):
        self.src, self.fdef, self.call, self.fn, self.namer, self.parents = src, fdef, call, fn, namer, parents

    def apply(self, local, nested):
        tree = plain_function(self.fn, local)
        if tree is None:
            return
        params = [a.arg for a in tree.args.args]
        bound = bind_arguments(self.call, params)
        stmt, scoped = self.statement()
        if bound is None or stmt is None:
            return
        funcs = {p: a for p, a in bound.items() if _only_called(tree, p) and (
            isinstance(a, ast.Name) and a.id in nested and _is_nested_def(self.fdef, a.id)
            or isinstance(a, ast.Lambda) and not scoped and _plain_lambda(a))}
        block = _block(self.fdef, stmt)
        if not funcs or block is None:
            return
        before = []
        for p, a in funcs.items():
            if isinstance(a, ast.Lambda):
                name = self.namer.fresh("lambda_arg")
                before.append(A.at(A.assign(name, a), stmt))
                funcs[p] = A.at(A.name(name), a)
        copy_def = self.copied(tree, {p: a.id for p, a in funcs.items()})
        self.call.func = A.at(A.name(copy_def.name), self.call.func)
        self.call.args = [a for p, a in zip(params, self.call.args) if p not in funcs]
        self.call.keywords = [k for k in self.call.keywords if k.arg not in funcs]
        k = next(i for i, s in enumerate(block) if s is stmt)
        block[k:k] = before + [copy_def]

    def statement(self):
        """(the statement holding the call, whether a lambda or comprehension lies between)."""
        node, scoped = self.call, False
        while node is not None and not isinstance(node, ast.stmt):
            node = self.parents.get(id(node))
            scoped = scoped or isinstance(node, _SCOPES)
        return node, scoped

    def copied(self, tree, names):
        """The helper as a nested function, each parameter of ``names`` the function given."""
        tree = A.clone(tree)
        for n in ast.walk(tree):
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in names:
                n.func = A.at(A.name(names[n.func.id]), n.func)
        kept = [a for a in tree.args.args if a.arg not in names]
        count = len(tree.args.defaults)
        params = tree.args.args
        defaults = {a.arg: d for a, d in zip(params[len(params) - count:], tree.args.defaults)}
        tree.args.args = kept
        tree.args.defaults = [defaults[a.arg] for a in kept if a.arg in defaults]    # (trailing, as before)
        tree.name = self.namer.fresh(f"{tree.name}_{'_'.join(sorted(names.values()))}")
        tree.decorator_list = []
        return A.at(tree, self.call)


def _only_called(tree, p):
    parents = {id(c): q for q in ast.walk(tree) for c in ast.iter_child_nodes(q)}
    for n in ast.walk(tree):
        if isinstance(n, ast.Name) and n.id == p:
            q = parents.get(id(n))
            if not (isinstance(n.ctx, ast.Load) and isinstance(q, ast.Call) and q.func is n
                    and not any(isinstance(a, ast.Starred) for a in q.args)):
                return False
    return True


def _is_nested_def(fdef, name):
    return any(isinstance(n, ast.FunctionDef) and n.name == name and n is not fdef and not n.decorator_list
               for n in A.walk(fdef))


def _plain_lambda(lam):
    a = lam.args
    return not (a.vararg or a.kwarg or a.kwonlyargs or a.posonlyargs) and all(
        isinstance(d, (ast.Name, ast.Constant)) for d in a.defaults)


def _block(fdef, stmt):
    for node in A.walk(fdef):
        for field in ("body", "orelse", "finalbody"):
            block = getattr(node, field, None)
            if isinstance(block, list) and any(s is stmt for s in block):
                return block
    return None
