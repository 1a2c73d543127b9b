"""Stage 1, parse: read a Python function's source and return its AST.

The AST keeps the real file line numbers, so every later error and every
comment in the generated code points at the user's own line. The source read
is the function's own code (``__code__``): a decorator's wrapper is parsed as
the wrapper, never silently replaced by the function it wraps. ``Source.lookup``
records where each free name was found (see ``scopes``).
"""
import __future__
import ast
import copy
import functools
import operator
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
    values: dict = field(default_factory=dict)      # Origin key -> (Origin, items the build used)

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

    def constant_items(self, name):
        """The items of free name ``name`` when it holds a tuple or list of at most ``MAX_ITEMS``
        constants (strings, ints, floats, bools, tuples of those: a module's ``KEYS = ("a", "b")``),
        else None. The build then depends on those items, not only on their kind: they are
        recorded (``values``), and the guard rebuilds the adjoint when the name is rebound to, or
        mutated into, other items (``scope_guard``)."""
        origin = self.origin(name)
        value = origin.current()
        if type(value) not in (tuple, list) or len(value) > MAX_ITEMS or not all(map(_constant, value)):
            return None
        items = tuple(value)
        self.values[origin.key()] = (origin, (type(value), items))
        return items

    def same_objects(self, name):
        """Record that the build used the items of free name ``name`` (a list or tuple) as the
        objects they are: the guard rebuilds the adjoint when it holds other objects, compared by
        identity (``frontend/global_object_lists.py``)."""
        origin = self.origin(name)
        value = origin.current()
        self.values[origin.key()] = (origin, (type(value), tuple(value), "is"))

    def note_path(self, name, attrs, value):
        """Record that ``name.attr1.attr2...`` was resolved to ``value`` while building."""
        origin = self.origin(name).with_attrs(attrs)
        self.reads.setdefault(origin.key(), (origin, value))


MAX_ITEMS = 256


def _constant(v):
    return type(v) in (str, int, float, bool) or type(v) is tuple and all(map(_constant, v))


def parse_function(func):
    """Parse ``func`` into a Source; raise a clear error when there is no source."""
    lifted = getattr(func, "__s2sad_source__", None)  # a nested def lifted by frontend/lift.py
    if lifted is not None:
        # what this build reads, recorded afresh: a dict shared between builds kept the first
        # value a name had (setdefault), so a rebuilt adjoint was guarded on the old one
        return dataclasses.replace(lifted, tree=copy.deepcopy(lifted.tree), values={}, reads={})
    if not inspect.isfunction(func):
        raise SourceUnavailableError(
            f"s2sad differentiates Python functions (it reads their source code); got {func!r}.")
    code = func.__code__
    fdef, indent, filename, all_lines = _module_level(code)
    if fdef is not None and not code_matches(fdef, code, _imported(filename)):
        fdef = None      # the file changed since: the general path finds nothing or refuses
    if fdef is None:
        try:
            lines, first = inspect.getsourcelines(code)
            filename = inspect.getsourcefile(code) or code.co_filename
            module = ast.parse(textwrap.dedent("".join(lines)))
        except SyntaxError as exc:      # a lambda in the header of a compound statement (`for f in (lambda ...):`)
            module, lines, first = _whole_file(filename, exc, func), [], 1
        except (OSError, TypeError) as exc:
            raise SourceUnavailableError(
                f"cannot read the source of `{func.__name__}` ({exc}). s2sad reads the function's "
                "source code: define it in a .py file or a notebook cell, not with exec() or in the "
                "plain interactive interpreter.") from None
        indent = len(lines[0]) - len(lines[0].lstrip()) if lines else 0
        ast.increment_lineno(module, first - 1)
        fdef = _find_def(module, func, _imported(filename))
        all_lines = linecache.getlines(filename) or "".join(lines).splitlines()
    _mangle(fdef, _owner(code))
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
    ret = ast.copy_location(ast.Return(node.body), node.body)    # located: the line of the lambda
    fdef = ast.FunctionDef(name="lambda_", args=node.args, body=[ret],
                           decorator_list=[], returns=None, type_params=[])
    return ast.copy_location(fdef, node)


def _whole_file(filename, exc, func):
    """The file's module tree, whose lambdas on the function's line are the candidates (the
    lines ``inspect`` gives do not parse alone), or the refusal."""
    try:
        return ast.parse("".join(linecache.getlines(filename)))
    except (SyntaxError, ValueError, TypeError):
        raise SourceUnavailableError(f"cannot read the source of `{func.__name__}` ({exc}).") from None


def _imported(filename):
    """Names the file binds by ``import`` at its top level: CPython compiles ``np.f(x)`` with
    another instruction when ``np`` is such a name, so ``code_matches`` compiles beside them."""
    lines = linecache.getlines(filename) if filename else []
    cached = _IMPORTS.get(filename)
    if cached is None or cached[0] is not lines:
        try:
            module = ast.parse("".join(lines)) if lines else ast.Module(body=[], type_ignores=[])
        except (SyntaxError, ValueError):
            module = ast.Module(body=[], type_ignores=[])
        names, todo = set(), list(module.body)
        while todo:
            node = todo.pop()
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names.update((a.asname or a.name).split(".")[0] for a in node.names if a.name != "*")
            elif not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
                todo.extend(n for n in ast.iter_child_nodes(node) if isinstance(n, ast.stmt))
        cached = _IMPORTS[filename] = (lines, tuple(sorted(names)))
    return cached[1]


_IMPORTS = {}   # file name -> (its lines as linecache holds them, names it imports at its top level)


def _find_def(module, func, imports=()):
    """The ``def`` (or the lambda) in ``module`` whose compiled code is ``func``'s: of several
    lambdas on one line, the one ``func`` is; never a definition that differs from the code
    that runs (a file edited after it was imported)."""
    code = func.__code__
    params = code.co_varnames[:code.co_argcount]
    candidates = [node for node in ast.walk(module) if (
        isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == code.co_name
        or isinstance(node, ast.Lambda) and code.co_name == "<lambda>" and node.lineno == code.co_firstlineno
        and tuple(a.arg for a in node.args.args) == params)]
    for node in candidates:
        if code_matches(node, code, imports):
            return node
    if candidates:
        raise SourceUnavailableError(
            f"the source of `{func.__name__}` in {code.co_filename} (line {code.co_firstlineno}) is not the code "
            "that runs: its file changed after it was imported. Reload the module (importlib.reload) or "
            "restart, so that the function and its source agree.")
    raise SourceUnavailableError(f"could not find the definition of `{func.__name__}` in its source "
                                 f"({code.co_filename}, line {code.co_firstlineno}): if its file changed after "
                                 "it was imported, reload the module (importlib.reload) or restart.")


_FUTURE_FLAGS = functools.reduce(operator.or_, (getattr(__future__, n).compiler_flag
                                                 for n in __future__.all_feature_names)) & ~0x10
"""The ``__future__`` flags a code object records (PEP 563 annotations among them)."""


def code_matches(node, code, imports=()):
    """Does ``node`` (a def or a lambda) compile to ``code`` (same instructions, names, constants)?
    It is compiled where it could have been written: after ``import`` statements binding
    ``imports``, inside a class of the same name (private names are mangled with it) and a
    function binding its free variables (read from cells)."""
    if _REWRITTEN & set(_all_names(code)) and any(isinstance(n, ast.Assert) for n in ast.walk(node)):
        return True     # pytest rewrote its asserts on import: the source cannot be compiled to that code
    node = copy.copy(node)      # only its decorator list changes; compile() and fixing locations leave
    if not isinstance(node, ast.Lambda):    # parsed nodes as they are (a deep copy was half of importing the rules)
        node.decorator_list = []      # run where the function is defined, not in its code
    owner = _owner(code)
    stmt = ast.Expr(node) if isinstance(node, ast.Lambda) else node
    if owner is not None:
        stmt = ast.ClassDef(name=owner, bases=[], keywords=[], body=[stmt], decorator_list=[], type_params=[])
    free = [v for v in code.co_freevars if not (owner is not None and v == "__class__")]
    body = [stmt]
    if free:
        binds = [ast.Assign(targets=[ast.Name(v, ast.Store())], value=ast.Constant(None)) for v in free]
        body = [ast.FunctionDef(name="_s2sad_scope", args=_no_args(), body=binds + body, decorator_list=[],
                                returns=None, type_params=[])]
    body = [ast.Import(names=[ast.alias(name=n)]) for n in imports] + body
    module = ast.fix_missing_locations(ast.Module(body=body, type_ignores=[]))
    try:
        compiled = compile(module, code.co_filename, "exec", flags=code.co_flags & _FUTURE_FLAGS, dont_inherit=True)
    except (SyntaxError, ValueError, TypeError):
        return False
    return any(_same(c, code) for c in _code_objects(compiled))


_REWRITTEN = {"@py_builtins", "@pytest_ar"}     # the names pytest's assert rewriting adds


def _all_names(code):
    yield from code.co_names
    for c in _code_objects(code):
        yield from c.co_names


def _owner(code):
    """The name of the class the function is written in (the nearest one), or None."""
    parts = code.co_qualname.split(".")     # a name not followed by <locals> is a class
    return next((parts[i] for i in range(len(parts) - 2, -1, -1) if "<locals>" not in (parts[i], parts[i + 1])),
                None)


def _mangle(tree, owner):
    """Python's private-name mangling, which the code that runs has and the source has not:
    inside class ``C``, ``self.__k`` is ``self._C__k`` (generated code is not in the class)."""
    prefix = "_" + (owner or "").lstrip("_")
    if prefix == "_":
        return

    def mangled(name):
        return prefix + name if name.startswith("__") and not name.endswith("__") and "." not in name else name
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            node.attr = mangled(node.attr)
        elif isinstance(node, ast.Name):
            node.id = mangled(node.id)
        elif isinstance(node, ast.arg):
            node.arg = mangled(node.arg)
        elif isinstance(node, ast.keyword) and node.arg:
            node.arg = mangled(node.arg)


def _no_args():
    return ast.arguments(posonlyargs=[], args=[], vararg=None, kwonlyargs=[], kw_defaults=[], kwarg=None,
                         defaults=[])


def _code_objects(code):
    for c in code.co_consts:
        if isinstance(c, type(code)):
            yield c
            yield from _code_objects(c)


def _same(a, b):
    if a.co_name != b.co_name or a.co_code != b.co_code or a.co_names != b.co_names \
            or a.co_varnames != b.co_varnames or a.co_freevars != b.co_freevars or len(a.co_consts) != len(b.co_consts):
        return False
    for x, y in zip(a.co_consts, b.co_consts):
        if isinstance(x, type(a)) and isinstance(y, type(b)):
            if not _same(x, y):
                return False
        elif type(x) is not type(y) or not (x == y or x != x and y != y):
            return False
    return True

