"""Where the compiled adjoint refused a value at run time, found by replaying it in Python.

A compiled helper that refuses a value (``numba_lists.rows``: a list of arrays of different
shapes, which numba holds as one array) raises with no line: machine code has no traceback.
``located_refusal`` runs the Python adjoint again on the same arguments with ``zeros_like``
refusing as numba's does, and names the user's statement that made the list (the statement of the
adjoint's tree assigning it keeps the user's, :mod:`s2sad.backends.jit_lines`), else the block of
the Python adjoint it was refused in (``emit.where_of``).
"""
import ast
import linecache

import numpy as np

from ..rules.runtime import zeros_like
from . import emit
from .errors import JitError
from .jit_lines import marked_location, user_source, user_statements


def _numba_zeros_like(x):
    """``zeros_like`` as numba's refuses it: of a list of arrays of different shapes (numba holds
    a list of arrays as one array, ``numba_lists.rows``), or of lists of numbers of different
    lengths (``numba_grads._zeros_of_rows``)."""
    if isinstance(x, list) and all(isinstance(e, np.ndarray) for e in x) and len({e.shape for e in x}) > 1 \
            or isinstance(x, list) and all(isinstance(e, list) for e in x) and len({len(e) for e in x}) > 1:
        refusal = JitError("s2sad (jit): a list holds arrays (or lists) of different shapes")
        refusal.value = x
        raise refusal
    return zeros_like(x)


def located_refusal(jb, args, kwargs):
    """The user's line (``File "f.py", line N, column C, in f:`` and the line) where the compiled
    adjoint refused a list of arrays of different shapes: the Python adjoint replayed on the same
    arguments with ``zeros_like`` refusing as numba's does; '' when the replay does not refuse."""
    glb = getattr(jb.python_raw, "__globals__", {})
    names = [k for k, v in glb.items() if v is zeros_like]    # not numba_tuples' (a list of arrays each)
    if not names:
        return ""
    saved = {k: glb[k] for k in names}
    glb.update(dict.fromkeys(names, _numba_zeros_like))
    try:
        jb.python_raw(*args, **kwargs)
    except JitError as refusal:
        where = _where_made(jb, refusal) or emit.where_of(refusal)
        return f"{where}\n" if where and not where.endswith("\n") else where
    except Exception:  # noqa: BLE001  (another error first: no location to give)
        return ""
    finally:
        glb.update(saved)
    return ""


def located_int_error(jb, args, kwargs):
    """The user's line where the compiled adjoint raised for two ints (a product, power or left
    shift past int64, an int to a negative int power: ``int_checks``): the Python adjoint replayed
    with those operations raising as numba's do (forward mode: the compiled module's function run by
    Python, the ``jit`` stage's code); '' when the replay does not raise there."""
    from .int_checks import LeavesInt64, int_lshift, int_mul, strict
    from .int_powers import int_pow
    ops = (int_mul, int_pow, int_lshift)
    run, offset = jb.python_raw, 0
    if jb.module is not None and not any(v is op for v in getattr(run, "__globals__", {}).values() for op in ops):
        run = getattr(getattr(jb.module.module, jb.module.adj_name, None), "py_func", None)
        offset = jb.module.header_lines
    glb = getattr(run, "__globals__", {})
    saved = {k: v for k, v in glb.items() if any(v is op for op in ops)}
    glb.update({k: strict(v) for k, v in saved.items()})
    try:
        run(*args, **kwargs)
    except LeavesInt64 as raised:
        where = _raised_at(jb, raised, run, offset) or emit.where_of(raised)
        return f"{where}\n" if where and not where.endswith("\n") else where
    except Exception:  # noqa: BLE001  (another error first, or nothing to run: no location to give)
        return ""
    finally:
        glb.update(saved)
    return ""


def located_zero_division(jb, args, kwargs):
    """The user's line where NumPy divided by zero (inf or nan, a warning) in the Python adjoint
    replayed on the same arguments, where numba's float division raised ZeroDivisionError; or ''."""
    try:
        with np.errstate(divide="raise", invalid="raise"):
            jb.python_raw(*args, **kwargs)
    except FloatingPointError as raised:
        where = _raised_at(jb, raised, jb.python_raw, 0) or emit.where_of(raised)
        return f"{where}\n" if where and not where.endswith("\n") else where
    except Exception:  # noqa: BLE001  (another error first: no location to give)
        return ""
    return ""


def _raised_at(jb, exc, run, offset):
    """The user's statement behind the line of ``run`` (the Python adjoint, or the compiled module's
    function: its lines ``offset`` below the adjoint's text) that raised ``exc``
    (``jit_lines.user_statements``), formatted as ``_user_line``; or ''."""
    filename = getattr(getattr(run, "__code__", None), "co_filename", None)
    tb, line = exc.__traceback__, None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno - offset
        tb = tb.tb_next
    text = jb.module.source if offset else "".join(linecache.getlines(filename))
    made = user_statements(text, [jb.tree] + jb.companions) if line else {}
    return _user_line(*made[line]) if line in made else ""


def _where_made(jb, refusal):
    """The user's statement that made the list ``refusal.value`` (``for W in [W1, W2]``): the
    statement of the adjoint's tree assigning the name the Python adjoint holds it in, where it
    keeps the user's statement it was made from (``jit_lines``); '' when there is none such."""
    tb, names = refusal.__traceback__, []
    while tb is not None:
        if tb.tb_frame.f_code is getattr(jb.python_raw, "__code__", None):
            names = [k for k, v in tb.tb_frame.f_locals.items() if v is getattr(refusal, "value", None)]
        tb = tb.tb_next
    for tree in [jb.tree] + jb.companions:
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id in names
                                                         for t in node.targets)):
                continue
            where = _statement_line(node)
            if where:
                return where
    return ""


def _statement_line(node):
    """``_user_line`` of an adjoint's statement: where it was written (``_s2sad_written``), or its source."""
    return _user_line(*(getattr(node, "_s2sad_written", None) or (getattr(node, "_s2sad_src", None), node)))


def _user_line(origin, stmt):
    """``File "f.py", line N, column C, in f:`` and the line of the user's statement ``stmt`` of the
    parsed source ``origin`` (an adjoint's statement's ``_s2sad_written`` or ``_s2sad_src``), or ''."""
    marked = marked_location(origin, stmt)     # a statement of an adjoint differentiated again (hvp)
    if marked:
        return marked + "\n"
    if user_source(origin) and 0 < getattr(stmt, "lineno", 0) <= len(origin.lines):
        raw = origin.lines[stmt.lineno - 1]
        return (f'File "{origin.filename}", line {stmt.lineno}, column {stmt.col_offset + 1}, '
                f"in {origin.name}:\n    {raw.strip()}\n")
    return ""


def _reads(stmt, name):
    """True if statement ``stmt`` itself (not a block it holds) reads ``name``."""
    if not isinstance(stmt, ast.stmt) or isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    own = [v for f, v in ast.iter_fields(stmt) if f not in ("body", "orelse", "finalbody", "handlers")]
    return any(isinstance(m, ast.Name) and m.id == name for v in own for part in (v if isinstance(v, list) else [v])
               if isinstance(part, ast.AST) for m in ast.walk(part))


def mixed_list(jb, args):
    """A located JitError for the first argument or global (``RAYS = [(0, 1, 2), (1, 2)]``) that is
    a list whose items numba types differently (tuples of different lengths...): numba takes a
    list of one item type only, and fails to unbox it with a TypeError naming no value; else None."""
    from numba import typeof
    for name, value in zip(list(jb.params) + [n for n, _ in jb.data], args):
        if not isinstance(value, list) or len(value) < 2:
            continue
        try:
            kinds = list(dict.fromkeys(str(typeof(v)) for v in value))
        except (ValueError, TypeError):
            continue
        if len(kinds) > 1:
            stmts = [n for tree in [jb.tree] + jb.companions for n in ast.walk(tree) if _reads(n, name)]
            where = next((w for w in (_statement_line(n) for n in stmts) if w), "")
            return JitError(f"{where}With jit=True every value reaches numba's compiled code, and `{name}` is a "
                            f"list whose items have different types ({kinds[0]}, {kinds[1]}): numba takes a list "
                            "of items of one type only. Make them one type (arrays: `[np.array([0, 1, 2]), "
                            "np.array([1, 2])]`), or use jit=False.")
    return None


def has_overload(disp, args, kwargs=None):
    """True if numba already compiled ``disp`` for these arguments (so an exception
    from calling it was raised by the compiled code, not by the compiler)."""
    try:
        tys = tuple(disp.typeof_pyval(a) for a in args)
        kws = {k: disp.typeof_pyval(v) for k, v in (kwargs or {}).items()}
        _, folded = disp._compiler.fold_argument_types(tys, kws)
        return tuple(folded) in disp.overloads
    except Exception:  # noqa: BLE001  (a value numba cannot type: nothing was compiled for it)
        return False


def untyped_argument(jb, args):
    """A sentence naming the first argument numba has no type for (an object: `self` of a
    bound method, a callable object's instance, a global object...), or None."""
    from numba import typeof
    names = list(jb.params) + [name for name, _ in jb.data]
    for name, value in zip(names, args):
        what = "the object the method is bound to" if name == "self" else "a global it reads" \
            if name not in jb.params else "an argument"
        if isinstance(value, list) and any(isinstance(e, list) for e in value):   # typed, not passed
            return (f"  With jit=True every value reaches numba's compiled code, and `{name}` ({what}) "
                    "is a list of lists, which numba cannot pass in: make it a list of arrays "
                    f"(`[np.array(r) for r in {name}]`), or use jit=False.")
        try:
            typeof(value)
        except (ValueError, TypeError):
            return (f"  With jit=True every value reaches numba's compiled code, and `{name}` ({what}) "
                    f"is a `{type(value).__name__}`, which numba cannot take: use jit=False, or pass the "
                    "numbers and arrays it holds as arguments of a plain function.")
    return None
