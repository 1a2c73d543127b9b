"""The function a located line belongs to, for ``errors.locate``'s ``in NAME``.

The frontend writes some of the user's own code into the function it differentiates before
the general inliner runs (``frontend/local_objects.py``: a local object's ``__init__`` and
methods; ``frontend/record_mutators.py``: a helper changing an object's fields). Such
statements keep their own lines, in the same module's file (both stages take only code whose
globals are the function's), so an error there quotes the right line, but ``src.name`` is the
caller's. Invariant: ``inlined_name`` names the innermost ``def`` of the file holding the line
(``Class.method``), followed by "inlined into" the function, when the line lies outside the
function's own lines; otherwise (or when the file cannot be read back) the function's name.
"""
import ast
import functools


def inlined_name(src, lineno):
    """``src.name``, or ``"Poly.__init__, inlined into ctor"`` for a line of another def."""
    tree = getattr(src, "tree", None)
    first, last = getattr(tree, "lineno", None), getattr(tree, "end_lineno", None)
    if first is None or last is None or first <= lineno <= last or not src.lines:
        return src.name
    found = _defs(src.filename, tuple(src.lines))
    inner = [(a, b, q) for a, b, q in found if a <= lineno <= b]
    if not inner:
        return src.name
    return f"{max(inner)[2]}, inlined into {src.name}"


@functools.lru_cache(maxsize=16)
def _defs(filename, lines):
    """[(first line, last line, qualified name)] of every ``def`` of the file's text."""
    try:
        module = ast.parse("\n".join(lines), filename)
    except (SyntaxError, ValueError):
        return ()
    out, todo = [], [(module, "")]
    while todo:
        node, prefix = todo.pop()
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = prefix + child.name
                if not isinstance(child, ast.ClassDef):
                    out.append((child.lineno, child.end_lineno, name))
                todo.append((child, name + "."))
            else:
                todo.append((child, prefix))
    return tuple(out)
