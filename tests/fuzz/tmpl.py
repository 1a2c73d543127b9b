"""AST templates: generated programs are built as trees, never as patched text.

``E("np.sum(_0 * _1)", a, b)`` parses the template once (cached) and returns a
fresh tree in which each placeholder name ``_0``, ``_1``... is replaced by the
given argument: an AST expression (deep-copied, so one node may be used twice),
a ``str`` (a plain name) or a Python number (a constant). ``S(...)`` does the
same for statements and returns a list. Invariant: every node returned is new,
so callers may edit it in place.
"""
import ast
import copy
import functools

__all__ = ["E", "S", "const", "name", "render"]


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


class _Fill(ast.NodeTransformer):
    def __init__(self, args):
        self.args = args

    def visit_Name(self, node):
        ident = node.id
        if not (ident.startswith("_") and ident[1:].isdigit()):
            return node
        value = self.args[int(ident[1:])]
        if isinstance(value, str):
            return ast.Name(id=value, ctx=node.ctx)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return const(value)
        new = copy.deepcopy(value)
        if isinstance(new, (ast.Name, ast.Subscript, ast.Attribute, ast.Tuple, ast.List)):
            new.ctx = node.ctx
        return new


def E(text, *args):
    """An expression from a template and its placeholder values."""
    tree = copy.deepcopy(_parse(text, "expr"))
    return _Fill(args).visit(tree)


def S(text, *args):
    """A list of statements from a template and its placeholder values."""
    out = []
    for stmt in copy.deepcopy(_parse(text, "exec")):
        out.append(_Fill(args).visit(stmt))
    return out


def render(tree):
    """Source text of a tree (a module, statement or expression)."""
    return ast.unparse(ast.fix_missing_locations(tree))
