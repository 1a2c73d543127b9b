"""Stage 1, parse: read a Python function's source and return its AST.

The AST keeps the real file line numbers, so every later error and every
comment in the generated code points at the user's own line.
"""
import ast
import copy
import dataclasses
import inspect
import linecache
import textwrap
from dataclasses import dataclass, field

from ..errors import SourceUnavailableError


@dataclass
class Source:
    func: object
    tree: ast.FunctionDef
    filename: str
    name: str
    indent: int
    lines: list = field(default_factory=list)
    globals: dict = field(default_factory=dict)
    nonlocals: dict = field(default_factory=dict)

    def line(self, lineno):
        if 1 <= lineno <= len(self.lines):
            return self.lines[lineno - 1].strip()
        return ""

    def lookup(self, name):
        """The object a free name refers to in the function's scope, or KeyError."""
        if name in self.nonlocals:
            return self.nonlocals[name]
        if name in self.globals:
            return self.globals[name]
        builtins = self.globals.get("__builtins__", __builtins__)
        if isinstance(builtins, dict):
            return builtins[name]
        return getattr(builtins, name)


def parse_function(func):
    """Parse ``func`` into a Source; raise a clear error when there is no source."""
    lifted = getattr(func, "__s2sad_source__", None)  # a nested def lifted by frontend/lift.py
    if lifted is not None:
        return dataclasses.replace(lifted, tree=copy.deepcopy(lifted.tree))
    func = inspect.unwrap(func)
    if not inspect.isfunction(func):
        raise SourceUnavailableError(
            f"s2sad differentiates Python functions written with `def`; got {func!r}.")
    try:
        lines, first = inspect.getsourcelines(func)
    except (OSError, TypeError) as exc:
        raise SourceUnavailableError(
            f"cannot read the source of `{func.__name__}` ({exc}). s2sad reads the function's "
            "source code: define it in a .py file or a notebook cell, not with exec() or in the "
            "plain interactive interpreter.") from None
    filename = inspect.getsourcefile(func) or func.__code__.co_filename
    text = "".join(lines)
    dedented = textwrap.dedent(text)
    indent = len(lines[0]) - len(lines[0].lstrip()) if lines else 0
    module = ast.parse(dedented)
    ast.increment_lineno(module, first - 1)
    fdef = _find_def(module, func)
    all_lines = linecache.getlines(filename) or text.splitlines()
    src = Source(func, fdef, filename, func.__name__, indent, [l.rstrip("\n") for l in all_lines],
                 func.__globals__, inspect.getclosurevars(func).nonlocals)
    if isinstance(fdef, ast.Lambda):
        src.tree = _lambda_to_def(fdef)
        src.name = "lambda"
    src.tree.decorator_list = []
    return src


def _lambda_to_def(node):
    fdef = ast.FunctionDef(name="lambda_", args=node.args, body=[ast.Return(node.body)],
                           decorator_list=[], returns=None, type_params=[])
    return ast.copy_location(fdef, node)


def _find_def(module, func):
    for node in ast.walk(module):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == func.__name__:
            return node
    params = func.__code__.co_varnames[:func.__code__.co_argcount]
    for node in ast.walk(module):
        if isinstance(node, ast.Lambda) and tuple(a.arg for a in node.args.args) == params:
            return node
    raise SourceUnavailableError(f"could not find the definition of `{func.__name__}` in its source.")

