"""Stage 9, emit: AST -> Python source -> function object.

Source is produced by astor (the project's choice); switching to the standard
library's ``ast.unparse`` is the one line in ``to_source``. Comment markers
``__comment__("...")`` become ``# ...`` lines, and the generated source is
registered with ``linecache`` so tracebacks and pdb show it.
"""
import ast
import hashlib
import linecache
import re

import astor

from ..astutil import clone

_COMMENT = re.compile(r"^(\s*)__comment__\((.*)\)\s*$")


class _Comments(ast.NodeTransformer):
    """Swap each comment marker's text for a number, so astor never wraps it."""

    def __init__(self):
        self.texts = []

    def visit_Call(self, node):
        if isinstance(node.func, ast.Name) and node.func.id == "__comment__":
            self.texts.append(node.args[0].value)
            return ast.Call(func=node.func, args=[ast.Constant(len(self.texts) - 1)], keywords=[])
        return self.generic_visit(node)


class _NegativeLiterals(ast.NodeTransformer):
    """Constant(-1.3) -> -(1.3): unparsers print the former as `-1.3 ** 2`, i.e. -(1.3 ** 2)."""

    def visit_Constant(self, node):
        if type(node.value) in (int, float) and node.value < 0:
            return ast.UnaryOp(op=ast.USub(), operand=ast.Constant(-node.value))
        return node


def to_source(node):
    comments = _Comments()
    node = ast.fix_missing_locations(_NegativeLiterals().visit(comments.visit(clone(node))))
    text = astor.to_source(node)
    lines = []
    for line in text.splitlines():
        m = _COMMENT.match(line)
        if m:
            line = f"{m.group(1)}# {comments.texts[int(m.group(2))]}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def compile_function(fdef, namespace, label, companions=()):
    """Compile one generated function (and the functions it calls, after it);
    return (source, function, filename)."""
    module = ast.Module(body=[fdef] + list(companions), type_ignores=[])
    source = to_source(module)
    digest = hashlib.sha1(source.encode()).hexdigest()[:10]
    filename = f"<s2sad adjoint of {label} {digest}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    glb = dict(namespace)
    glb["__name__"] = "s2sad_generated"
    exec(compile(source, filename, "exec"), glb)
    return source, glb[fdef.name], filename
