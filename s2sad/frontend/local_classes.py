"""Stage 1c, a class defined inside the function (a holder of values): made once, from its
source, as the module would make it, and followed as a class of the module::

    def f(x):                              (class Holder made in the module's namespace)
        class Holder:                      def f(x):
            def __init__(self, v):             h = Holder(x * 2)       # Holder: that class
                self.v = v                     return np.sum(h.v ** 2)
        h = Holder(x * 2)
        return np.sum(h.v ** 2)

``local_objects`` then writes ``h`` as variables, ``namedtuples`` a dataclass as a tuple, exactly
as for a class defined at module level; what they do not follow stays refused, located.

Invariant: taken only where the class means the same made here as where it is written: a
``class`` statement at the top level of the function's body, its name bound nowhere else and read
only as the callee of calls in the statements after it; every name its code reads from outside itself (bases, decorators,
method bodies) a module global or builtin, none a local, parameter or closure variable of the
function; its body only a docstring, ``def``s and annotations or assignments of constants (no
code runs but the decorators'), no ``global``/``nonlocal``. The class is made once per build with
the module's globals (its methods' ``__globals__`` are the module's), pinned to each call
(``_s2sad_obj``) and the statement dropped; a ``class`` not taken is refused at its statement
with the reason (``why_not_taken``, raised by ``lift.py`` before its methods are lifted).
"""
import ast
import builtins
import types

from .. import astutil as A


def pin_local_classes(src, fdef):
    """Make and pin, in place, each local class taken (module docstring)."""
    if not any(isinstance(s, ast.ClassDef) for s in fdef.body):
        return
    local = set(A.assigned_locals(fdef)) | {a.arg for a in ast.walk(fdef.args) if isinstance(a, ast.arg)}
    kept = []
    for i, s in enumerate(fdef.body):
        if not isinstance(s, ast.ClassDef):
            kept.append(s)
            continue
        cls = _made(src, fdef, s, local)
        calls = [n.func for n in A.walk(fdef) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
                 and n.func.id == s.name]
        later = {id(n) for t in fdef.body[i + 1:] for n in A.walk(t)}
        if cls is None or not all(id(c) in later for c in calls):    # (called before: Python's UnboundLocalError)
            kept.append(s)
            continue
        for func in calls:
            func._s2sad_obj = cls
    fdef.body[:] = kept or [ast.copy_location(ast.Pass(), fdef.body[0])]


def _made(src, fdef, cdef, local):
    """The class ``cdef`` makes, or None where it is not taken."""
    if not _plain_body(cdef) or not _only_called(fdef, cdef) or _reads_locals(src, cdef, local - {cdef.name}):
        return None
    module = ast.Module(body=[A.clone(cdef)], type_ignores=[])
    made = {}
    try:
        exec(compile(module, src.filename, "exec"), src.globals, made)   # as the module makes a class
    except Exception:       # a decorator or base that refuses: left to check's refusal
        return None
    cls = made.get(cdef.name)
    if not isinstance(cls, type):
        return None
    _with_sources(src, cdef, cls)
    return cls


def _with_sources(src, cdef, cls):
    """Give each method the source it was made from (``parsing.parse_function`` reads it, as it
    reads a lifted nested def's: the file's text, compiled elsewhere, is not this code)."""
    from .parsing import Source, _mangle
    for d in cdef.body:
        fn = vars(cls).get(d.name) if isinstance(d, ast.FunctionDef) else None
        fn = fn.fget if isinstance(fn, property) else getattr(fn, "__func__", fn)   # a property's getter,
        # a staticmethod's or classmethod's function
        if isinstance(fn, types.FunctionType) and fn.__code__.co_name == d.name:
            tree = A.clone(d)
            tree.decorator_list = []
            _mangle(tree, cls.__name__)
            fn.__s2sad_source__ = Source(fn, tree, src.filename, d.name, src.indent, src.lines, src.globals, {})


def why_not_taken(src, fdef, cdef):
    """Why the local class ``cdef`` was not made (a phrase for the refusal at the class)."""
    if cdef not in fdef.body:
        return "it is defined inside an `if`, a loop or another block, so which class the name holds depends on the run"
    if not _plain_body(cdef):
        return "its body runs code other than `def`s and constant assignments"
    reads = [n for n in A.walk(fdef) if isinstance(n, ast.Name) and n.id == cdef.name]
    if reads and not _only_called(fdef, cdef):
        return (f"`{cdef.name}` is rebound or read other than by a call `{cdef.name}(...)` (a static method or "
                f"class attribute read through it, `{cdef.name}.f(x)`, or the class passed on)")
    local = set(A.assigned_locals(fdef)) | {a.arg for a in ast.walk(fdef.args) if isinstance(a, ast.arg)}
    if _reads_locals(src, cdef, local - {cdef.name}):
        return "its code reads a local, parameter or closure variable of the function"
    return f"`{cdef.name}(...)` is called before the class statement, or making it raised"


def _plain_body(cdef):
    for s in cdef.body:
        if isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant) or isinstance(s, ast.FunctionDef):
            continue
        if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name) and (
                s.value is None or isinstance(s.value, ast.Constant)):
            continue
        if isinstance(s, ast.Assign) and all(isinstance(t, ast.Name) for t in s.targets) \
                and isinstance(s.value, ast.Constant):
            continue
        return False
    return not any(isinstance(n, (ast.Global, ast.Nonlocal)) for n in ast.walk(cdef))


def _only_called(fdef, cdef):
    """``cdef``'s name is bound by it alone and read only as a callee."""
    callees = {id(n.func) for n in A.walk(fdef) if isinstance(n, ast.Call)}
    for n in A.walk(fdef):
        if n is cdef:
            continue
        if isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)) and n.name == cdef.name:
            return False
        if isinstance(n, ast.Name) and n.id == cdef.name and (not isinstance(n.ctx, ast.Load) or id(n) not in callees):
            return False
        if isinstance(n, ast.arg) and n.arg == cdef.name:
            return False
    return True


def _reads_locals(src, cdef, local):
    """Whether the class's code reads a name that is not the module's or a builtin (a local,
    parameter or closure variable of the function), or one of the function's locals."""
    free = set()
    for scope in [cdef] + [n for n in ast.walk(cdef) if isinstance(n, (ast.FunctionDef, ast.Lambda))]:
        own = set(A.assigned_locals(scope)) if not isinstance(scope, ast.ClassDef) else set()
        own |= {a.arg for a in ast.walk(scope.args) if isinstance(a, ast.arg)} if hasattr(scope, "args") else set()
        body = scope.body if isinstance(scope.body, list) else [scope.body]
        for s in body:
            for n in _walk_scope(s):
                if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and n.id not in own:
                    free.add(n.id)
        for d in getattr(scope, "decorator_list", []) + getattr(scope, "bases", []):
            free |= {n.id for n in ast.walk(d) if isinstance(n, ast.Name)}
    return any(name in local or name in src.cells or name not in src.globals and not hasattr(builtins, name)
               for name in free)


def _walk_scope(node):
    """The nodes of ``node`` in its own scope (not inside nested functions)."""
    yield node
    if isinstance(node, (ast.FunctionDef, ast.Lambda, ast.AsyncFunctionDef)):
        for d in getattr(node, "decorator_list", []):
            yield from ast.walk(d)
        return
    for child in ast.iter_child_nodes(node):
        yield from _walk_scope(child)
