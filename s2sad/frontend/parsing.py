"""Stage 1, parse: read a Python function's source and return its AST.

The AST keeps the real file line numbers, so every later error and every
comment in the generated code points at the user's own line. The source read
is the function's own code (``__code__``): a decorator's wrapper is parsed as
the wrapper, never silently replaced by the function it wraps. ``Source.lookup``
records where each free name was found (see ``scopes``).
"""
import ast
import copy
import dataclasses
import inspect
import linecache
import textwrap
from dataclasses import dataclass, field

from ..errors import SourceUnavailableError
from ..scopes import MISSING, Origin


@dataclass
class Source:
    func: object
    tree: ast.FunctionDef
    filename: str
    name: str
    indent: int
    lines: list = field(default_factory=list)
    globals: dict = field(default_factory=dict)
    cells: dict = field(default_factory=dict)       # free variable name -> closure cell
    reads: dict = field(default_factory=dict)       # Origin key -> (Origin, object found)

    def line(self, lineno):
        if 1 <= lineno <= len(self.lines):
            return self.lines[lineno - 1].strip()
        return ""

    def origin(self, name):
        """Where the function reads free name ``name``: its closure, its globals or the builtins."""
        if name in self.cells:
            return Origin("cell", self.cells[name], name)
        if name in self.globals:
            return Origin("global", self.globals, name)
        return Origin("builtin", self.globals, name, builtins=self.globals.get("__builtins__", __builtins__))

    def lookup(self, name):
        """The object a free name refers to in the function's scope (recorded), or KeyError."""
        origin = self.origin(name)
        value = origin.current()
        if value is MISSING:
            raise KeyError(name)
        self.reads.setdefault(origin.key(), (origin, value))
        return value

    def note_path(self, name, attrs, value):
        """Record that ``name.attr1.attr2...`` was resolved to ``value`` while building."""
        origin = self.origin(name).with_attrs(attrs)
        self.reads.setdefault(origin.key(), (origin, value))


def parse_function(func):
    """Parse ``func`` into a Source; raise a clear error when there is no source."""
    lifted = getattr(func, "__s2sad_source__", None)  # a nested def lifted by frontend/lift.py
    if lifted is not None:
        return dataclasses.replace(lifted, tree=copy.deepcopy(lifted.tree))
    if not inspect.isfunction(func):
        raise SourceUnavailableError(
            f"s2sad differentiates Python functions (it reads their source code); got {func!r}.")
    code = func.__code__
    fdef, indent, filename, all_lines = _module_level(code)
    if fdef is None:
        try:
            lines, first = inspect.getsourcelines(code)
            filename = inspect.getsourcefile(code) or code.co_filename
            module = ast.parse(textwrap.dedent("".join(lines)))
        except (OSError, TypeError, SyntaxError) as exc:
            raise SourceUnavailableError(
                f"cannot read the source of `{func.__name__}` ({exc}). s2sad reads the function's "
                "source code: define it in a .py file or a notebook cell, not with exec() or in the "
                "plain interactive interpreter.") from None
        indent = len(lines[0]) - len(lines[0].lstrip()) if lines else 0
        ast.increment_lineno(module, first - 1)
        fdef = _find_def(module, func)
        all_lines = linecache.getlines(filename) or "".join(lines).splitlines()
    cells = dict(zip(code.co_freevars, func.__closure__ or ()))
    src = Source(func, fdef, filename, code.co_name, indent, [l.rstrip("\n") for l in all_lines],
                 func.__globals__, cells)
    if isinstance(fdef, ast.Lambda):
        src.tree = _lambda_to_def(fdef)
        src.name = "lambda"
    src.tree.decorator_list = []
    return src


_FILES = {}     # file name -> (its lines as linecache holds them, {first line: module-level def})


def _module_level(code):
    """``(def, 0, file name, lines)`` for a function defined at the top level of its file: where
    it starts and ends is found by parsing the file whole, once per version of its lines
    (``inspect.getsourcelines`` tokenizes the file again for every function: 8 ms each for the
    ~120 rule templates), then its own lines are parsed;
    ``(None, ...)`` for anything else (nested, lambdas, no file), which takes the general path."""
    try:
        filename = inspect.getsourcefile(code) or code.co_filename
    except TypeError:
        return None, 0, None, None
    linecache.checkcache(filename)
    lines = linecache.getlines(filename)
    cached = _FILES.get(filename)
    if cached is None or cached[0] is not lines:
        try:
            module = ast.parse("".join(lines)) if lines else None
        except (SyntaxError, ValueError):
            module = None
        defs = {min([d.lineno for d in node.decorator_list] + [node.lineno]): (node.name, node.end_lineno)
                for node in (module.body if module is not None else [])
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}
        cached = _FILES[filename] = (lines, defs)
    first = code.co_firstlineno
    name, last = cached[1].get(first, (None, None))
    if name != code.co_name:
        return None, 0, None, None
    module = ast.parse("".join(lines[first - 1:last]))     # a fresh tree: later stages change it
    ast.increment_lineno(module, first - 1)
    return module.body[0], 0, filename, lines


def _lambda_to_def(node):
    fdef = ast.FunctionDef(name="lambda_", args=node.args, body=[ast.Return(node.body)],
                           decorator_list=[], returns=None, type_params=[])
    return ast.copy_location(fdef, node)


def _find_def(module, func):
    code = func.__code__
    for node in ast.walk(module):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == code.co_name:
            return node
    params = code.co_varnames[:code.co_argcount]
    for node in ast.walk(module):
        if isinstance(node, ast.Lambda) and tuple(a.arg for a in node.args.args) == params:
            return node
    raise SourceUnavailableError(f"could not find the definition of `{func.__name__}` in its source.")

