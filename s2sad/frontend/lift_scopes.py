"""Which enclosing locals a nested ``def`` reads, by Python's own scoping rules, and where a call
of the lifted helper cannot pass them (lift.py).

A nested function reads the enclosing function's binding of a name when neither it nor a scope
inside it binds that name: a comprehension's variable, an inner def's parameter are their own.
``symtable`` (the compiler's scope analysis) answers exactly that: the names free in the def's
table. A def that calls a sibling def also needs what the sibling reads (the lifted sibling takes
them as parameters), so the captured sets are closed over sibling calls.

The lifted helper's call passes each captured name by name, evaluated at the call. That is the
enclosing function's value only where no scope between the call and the enclosing function binds
the name again: inside ``[h(x) * k for k in ...]`` or in a sibling ``def g(k): return h(k)`` the
name means something else, and such a call is refused (rename one of them)."""
import ast
import symtable
import textwrap

from ..errors import unsupported

_SCOPES = (ast.FunctionDef, ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def captured_names(src, fdef, defs, outer):
    """Nested def name -> the sorted enclosing locals (in ``outer``) it reads, itself or through
    a def nested in it or a sibling def it calls."""
    names = {d.name for d in defs}
    table = _table(src, fdef)
    frees = {name: set() for name in names}
    for child in table.get_children():
        if child.get_name() in names:
            frees[child.get_name()] |= set(child.get_frees())
    captured = {name: frees[name] & outer for name in names}
    changed = True
    while changed:               # a call of a sibling passes what the sibling reads
        changed = False
        for name in names:
            for callee in frees[name] & names:
                if not captured[callee] <= captured[name]:
                    captured[name] |= captured[callee]
                    changed = True
    return {name: sorted(v) for name, v in captured.items()}


def _table(src, fdef):
    """``fdef``'s symbol table; inside a function binding the names it declares ``nonlocal``
    (a closure differentiated itself), which Python requires of its source."""
    declared = sorted({n for s in ast.walk(fdef) if isinstance(s, ast.Nonlocal) for n in s.names})
    text = ast.unparse(fdef)
    if declared:
        text = "def _enclosing():\n    " + " = ".join(declared) + " = None\n" + textwrap.indent(text, "    ")
    try:
        table = symtable.symtable(text, "<lift>", "exec").get_children()[0]
    except SyntaxError:
        raise unsupported(src, fdef, "the nested functions of this function (their scopes could not be read)",
                          "Move them to module level.") from None
    return table.get_children()[0] if declared else table


def bound_in(scope):
    """The names a scope binds for its own body: a def's or lambda's parameters and stores, a
    comprehension's loop targets (an over-approximation: every store anywhere inside)."""
    if isinstance(scope, (ast.FunctionDef, ast.Lambda)):
        a = scope.args
        params = a.posonlyargs + a.args + a.kwonlyargs + [p for p in (a.vararg, a.kwarg) if p]
        found = {p.arg for p in params}
    else:
        found = set()
    body = scope.body if isinstance(scope, ast.FunctionDef) else [scope]
    for stmt in body:
        found |= {n.id for n in ast.walk(stmt) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)}
    return found


def check_call_sites(src, tree, lifted, captured, own):
    """Refuse a call of a lifted helper where a scope between it and the enclosing function binds
    a name the helper reads from the enclosing function. ``own``: ``tree`` is a sibling def
    (its own names hide the enclosing ones too), else ``tree`` is the enclosing function."""
    todo = [(tree, bound_in(tree) if own else set())]
    while todo:
        node, hidden = todo.pop()
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Call) and isinstance(child.func, ast.Name) and child.func.id in lifted:
                clash = sorted(hidden & set(captured[child.func.id]))
                if clash:
                    raise unsupported(
                        src, child, f"this call of the nested function `{child.func.id}`: it reads "
                        f"`{clash[0]}` of the enclosing function, and here `{clash[0]}` is another "
                        "variable (a comprehension's or a nested function's own)",
                        f"Rename one of the two `{clash[0]}`.")
            todo.append((child, hidden | bound_in(child) if isinstance(child, _SCOPES) else hidden))
