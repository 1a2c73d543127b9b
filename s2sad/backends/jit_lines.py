"""Which statement of the user's code each line of an emitted adjoint came from.

The adjoint's text is emitted from its AST (``emit.to_source``); every statement the
front end made from a user's statement keeps that statement's line and its parsed source
(``_s2sad_src``, set by ``pipeline_frontend``; an inlined helper's statements keep the
helper's, and the binding of its result names its ``return``: ``_s2sad_written``). Parsing the text again gives the same statements in the same order, the comment
markers aside, so the two lists pair one to one. Forward mode's code (jvp; tangent statements keep
their primal's source) reaches the jit stage as text: ``carry_sources`` pairs the tree parsed from
it with the tree it was emitted from in the same way.

Code made by differentiating a generated adjoint again (hvp, hessian, grad(grad(f))) is emitted
from that adjoint's text, whose statements have no source of their own: ``differentiated_statement``
finds the adjoint statement a generated line copies and the user's location above it there
(``marked_location`` when the line is paired with the adjoint's statement itself: forward mode's
statements keep their source, that adjoint's).

Invariant: a line is mapped only when the pairing holds statement for statement (same count,
same kinds); otherwise nothing is mapped and the caller falls back to its own reading.
Statements s2sad wrote itself (tapes, drivers, fused loops) carry no source, and those of a
library's function inlined from its Python source (NumPy's, in an installed package) would
name the library's line, not the user's: neither is mapped.
"""
import ast
import linecache
import os
import sysconfig

from ..errors import GENERATED

_LIBRARIES = tuple(os.path.realpath(sysconfig.get_paths()[k]) + os.sep for k in ("purelib", "platlib", "stdlib"))


def _statements(node):
    """The statements under ``node`` in source order (depth first), comment markers left out."""
    out = []
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.stmt) and not _is_marker(child):
            out.append(child)
        out.extend(_statements(child))
    return out


def _paired(emitted, made):
    """Whether the statements ``emitted`` (parsed from a text) pair one to one with ``made`` (the
    trees the text was emitted from): same count, same kinds."""
    return len(emitted) == len(made) and all(type(a) is type(b) for a, b in zip(emitted, made))


def _is_marker(stmt):
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call) \
        and isinstance(stmt.value.func, ast.Name) and stmt.value.func.id.startswith("__") \
        and stmt.value.func.id.endswith("__")


def user_statements(source, trees):
    """{line of ``source``: (parsed source, statement)} for each simple statement of
    ``source`` (the text emitted from the function definitions ``trees``) that came from a
    user's statement; every line a statement spans is mapped."""
    try:
        emitted = _statements(ast.parse(source))
    except SyntaxError:
        return {}
    made = [s for t in trees for s in [t] + _statements(t)]
    if not _paired(emitted, made):
        return {}
    out = {}
    for gen, orig in zip(emitted, made):
        src, orig = getattr(orig, "_s2sad_written", None) or (getattr(orig, "_s2sad_src", None), orig)
        if hasattr(gen, "body") or not user_source(src) or not 0 < getattr(orig, "lineno", 0) <= len(src.lines):
            continue
        for line in range(gen.lineno, (gen.end_lineno or gen.lineno) + 1):
            out[line] = (src, orig)
    return out


def carry_sources(tree, made_from):
    """``tree`` (a definition parsed again from the text emitted from the definition
    ``made_from``: forward mode's, which the jit stage lowers from its text) with each statement
    naming the user's statement its twin in ``made_from`` was made from (``_s2sad_written``), so
    ``user_statements`` maps the lines emitted from it; unchanged unless the two pair one to one."""
    if made_from is None:
        return tree
    parsed, made = [tree] + _statements(tree), [made_from] + _statements(made_from)
    if not _paired(parsed, made):
        return tree
    for new, orig in zip(parsed, made):
        src, orig = getattr(orig, "_s2sad_written", None) or (getattr(orig, "_s2sad_src", None), orig)
        if src is not None:
            new._s2sad_written = (src, orig)
    return tree


def user_source(src):
    """Whether the parsed source ``src`` is the user's (not an installed library's)."""
    return src is not None and not os.path.realpath(src.filename).startswith(_LIBRARIES)


def marked_location(src, node):
    """For a statement ``node`` of an adjoint s2sad generated and differentiates again (hvp,
    hessian: ``src`` is registered in ``GENERATED``), the user's location marked above it there
    (``File "f.py", line N, column C, in f:``, then the line); else None."""
    return _marked_above(getattr(src, "filename", None), getattr(node, "lineno", 0))


def _marked_above(filename, line):
    above = [where for mark, where in GENERATED.get(filename or "", ()) if mark <= line]
    return "\n".join(above[-1].splitlines()[:2]) if above else None


def differentiated_statement(filename, gen_text):
    """The user's location (``File "f.py", line N, column C, in f:`` and the line) behind the
    statement ``gen_text`` of code that differentiates the generated adjoint registered as
    ``filename`` (its forward sweep copies the adjoint's statements): the location marked above
    the one statement of that adjoint equal to ``gen_text``; None when no statement or several are."""
    cached, marks = linecache.cache.get(filename or ""), GENERATED.get(filename or "")
    try:
        wanted = ast.dump(ast.parse(gen_text.strip()).body[0])
        tree = ast.parse("".join(cached[2])) if cached and marks else None
    except (SyntaxError, IndexError):
        return None
    hits = [s.lineno for s in ast.walk(tree) if isinstance(s, ast.stmt) and not hasattr(s, "body")
            and ast.dump(s) == wanted] if tree is not None else []
    return _marked_above(filename, hits[0]) if len(hits) == 1 else None


def kept_value_line(source, gen_line):
    """For a statement s2sad wrote to keep a value for the reverse sweep (``tape_t.append(t)``)
    at line ``gen_line`` of ``source``: the line of the last assignment to ``t`` above it (the
    statement made from the user's that computed the value), else None."""
    try:
        stmts = [n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.stmt)]
    except SyntaxError:
        return None
    call = next((n.value for n in stmts if n.lineno == gen_line and isinstance(n, ast.Expr)), None)
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "append"
            and isinstance(call.func.value, ast.Name) and call.func.value.id.startswith("tape")
            and len(call.args) == 1 and isinstance(call.args[0], ast.Name)):
        return None
    made = [n.lineno for n in stmts if isinstance(n, ast.Assign) and n.lineno < gen_line
            and any(isinstance(t, ast.Name) and t.id == call.args[0].id for t in n.targets)]
    return max(made) if made else None
