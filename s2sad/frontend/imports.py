"""Stage 1a', imports: ``import`` statements inside the differentiated function.

``from scipy.special import erf`` or ``import math`` in a function body binds a local name to
a module or to an object of a module. Importing is idempotent (modules are kept in
``sys.modules``), so the name refers to the same object at every call: the import is done
once, while building, each read of the name is bound to the object (as a global would be),
and the statement is removed. An import that fails, a star import, or a name the function
also assigns otherwise is left in place, to be refused at its line by the check stage.
"""
import ast
import importlib

from .. import astutil as A
from .resolve import python_function_of


def resolve_imports(src, fdef):
    stmts = [n for n in A.walk(fdef) if isinstance(n, (ast.Import, ast.ImportFrom))]
    if not stmts:
        return
    stored = {n.id for n in A.walk(fdef) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)}
    stored |= {a.arg for n in A.walk(fdef) if isinstance(n, ast.arguments) for a in n.args + n.kwonlyargs}
    stored |= {n.name for n in A.walk(fdef) if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    bound, done = {}, set()
    for stmt in stmts:
        names = _imported(src, stmt)
        if names is None or any(k in stored or bound.get(k, v) is not v for k, v in names.items()):
            continue
        bound.update(names)
        done.add(id(stmt))
    for node in A.walk(fdef):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in bound:
            node._s2sad_obj = bound[node.id]
        elif isinstance(node, ast.Attribute) and A.dotted_path(node) is not None:
            _bind_path(node, bound)
    _remove(fdef, done)


def _bind_path(node, bound):
    """``math.exp`` with ``math`` imported here: the attribute's object, as the resolver reads
    a dotted name's (it looks a global root up, not an imported local one)."""
    root, *rest = A.dotted_path(node).split(".")
    if root not in bound:
        return
    value = bound[root]
    try:
        for part in rest:
            value = getattr(value, part)
    except AttributeError:
        return
    node._s2sad_obj = python_function_of(value)


def _imported(src, stmt):
    """Local name -> object for one import statement, or None if it cannot be done here."""
    package = src.globals.get("__package__") or None
    try:
        if isinstance(stmt, ast.Import):
            out = {}
            for alias in stmt.names:
                module = importlib.import_module(alias.name)
                if alias.asname:
                    out[alias.asname] = module
                else:
                    root = alias.name.split(".")[0]
                    out[root] = importlib.import_module(root)
            return out
        if any(alias.name == "*" for alias in stmt.names):
            return None
        module = importlib.import_module("." * stmt.level + (stmt.module or ""), package)
        out = {}
        for alias in stmt.names:
            if hasattr(module, alias.name):
                obj = getattr(module, alias.name)
            else:
                obj = importlib.import_module(f"{module.__name__}.{alias.name}")
            out[alias.asname or alias.name] = obj
        return out
    except (ImportError, ValueError, TypeError):
        return None


def _remove(tree, done):
    for node in A.walk(tree):
        for field in ("body", "orelse", "finalbody"):
            block = getattr(node, field, None)
            if not isinstance(block, list) or not any(id(s) in done for s in block):
                continue
            kept = [s for s in block if id(s) not in done]
            setattr(node, field, kept or [ast.copy_location(ast.Pass(), block[0])])
