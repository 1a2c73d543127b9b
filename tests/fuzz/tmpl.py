"""AST templates: generated programs are built as trees, never as patched text.

``E("np.sum(_0 * _1)", a, b)`` parses the template once (cached) and returns a
fresh tree in which each placeholder name ``_0``, ``_1``... is replaced by the
given argument: an AST expression (copied when its placeholder occurs twice),
a ``str`` (a plain name) or a Python number (a constant). ``S(...)`` does the
same for statements and returns a list. Invariant: the template's own nodes are
new on every call, and an argument appears in the result at most once
uncopied, so a tree never shares a node with itself.
"""
import ast
import functools

__all__ = ["E", "S", "const", "name", "render", "clone"]


@functools.lru_cache(maxsize=None)
def _parse(text, mode):
    if mode == "expr":
        return ast.parse(text, mode="eval").body
    return ast.parse(text).body


def const(value):
    """A constant node; a negative number is ``-(0.5)`` as a UnaryOp, so that unparsing
    keeps its precedence (a negative Constant would print as ``-0.5 ** 2``)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value < 0:
        return ast.UnaryOp(op=ast.USub(), operand=ast.Constant(value=-value))
    return ast.Constant(value=value)


def name(ident, store=False):
    return ast.Name(id=ident, ctx=ast.Store() if store else ast.Load())


def clone(node):
    """A copy of an AST (much faster than copy.deepcopy, which dominated generation time)."""
    if isinstance(node, ast.AST):
        new = node.__class__()
        for field in node._fields:
            setattr(new, field, clone(getattr(node, field, None)))
        for attr in node._attributes:
            if hasattr(node, attr):
                setattr(new, attr, getattr(node, attr))
        return new
    if isinstance(node, list):
        return [clone(item) for item in node]
    return node


class _Fill(ast.NodeTransformer):
    """Substitutes placeholders; a subtree is copied only when its placeholder occurs more
    than once (or must change context), so building nested expressions stays linear."""

    def __init__(self, args, counts):
        self.args, self.counts = args, counts

    def visit_Name(self, node):
        ident = node.id
        if not (ident.startswith("_") and ident[1:].isdigit()):
            return node
        value = self.args[int(ident[1:])]
        if isinstance(value, str):
            return ast.Name(id=value, ctx=node.ctx)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return const(value)
        needs_ctx = hasattr(value, "ctx") and type(value.ctx) is not type(node.ctx)
        new = clone(value) if self.counts.get(ident, 0) > 1 or needs_ctx else value
        if isinstance(new, (ast.Name, ast.Subscript, ast.Attribute, ast.Tuple, ast.List)):
            new.ctx = node.ctx
        return new


@functools.lru_cache(maxsize=None)
def _counts(text, mode):
    tree = ast.parse(text, mode="eval" if mode == "expr" else "exec")
    out = {}
    for n in ast.walk(tree):
        if isinstance(n, ast.Name):
            out[n.id] = out.get(n.id, 0) + 1
    return out


def E(text, *args):
    """An expression from a template and its placeholder values."""
    return _Fill(args, _counts(text, "expr")).visit(clone(_parse(text, "expr")))


def S(text, *args):
    """A list of statements from a template and its placeholder values."""
    fill = _Fill(args, _counts(text, "exec"))
    return [fill.visit(clone(stmt)) for stmt in _parse(text, "exec")]


def render(tree):
    """Source text of a tree (a module, statement or expression)."""
    return ast.unparse(ast.fix_missing_locations(tree))
