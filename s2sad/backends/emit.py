"""Stage 9, emit: AST -> Python source -> function object.

Source is produced by astor (the project's choice); switching to the standard
library's ``ast.unparse`` is the one line in ``to_source``. Comment markers
``__comment__("...")`` become ``# ...`` lines (an empty text: no line, the location alone), and the generated source is
registered with ``linecache`` so tracebacks and pdb show it. A marker's second
argument (the user's file, line and column of the block) is kept per generated line, so
that ``locate_run_time`` can name the user's line when a rule's helper refuses at run time.
"""
import ast
import functools
import hashlib
import linecache
import re

import astor

from ..astutil import copied_fields
from ..errors import GENERATED

_COMMENT = re.compile(r"^(\s*)__comment__\((.*)\)\s*$")


def _printable(node, texts, wheres):
    """A copy of ``node`` for astor (which writes its marks on the nodes it prints), in one
    walk: each comment marker's text swapped for a number (astor never wraps it), kept in
    ``texts`` (and its user location in ``wheres``); a negative number literal as ``-(1.3)``,
    which unparsers print ``-1.3 ** 2``, i.e. -(1.3 ** 2). Fields only: astor reads no
    location, nor s2sad's annotations (a full ``clone``, two transformer passes and
    ``fix_missing_locations`` over it were about a sixth of a small jit gradient's first call)."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "__comment__":
        texts.append(node.args[0].value)
        wheres.append(node.args[1].value if len(node.args) > 1 else "")
        return ast.Call(func=node.func, args=[ast.Constant(len(texts) - 1)], keywords=[])
    if isinstance(node, ast.Constant) and type(node.value) in (int, float) and node.value < 0:
        return ast.UnaryOp(op=ast.USub(), operand=ast.Constant(-node.value))
    return copied_fields(node, lambda child: _printable(child, texts, wheres))


WHERE = GENERATED     # generated filename -> [(first line of a block, the user's location), ...]
STATEMENTS = {}       # generated filename -> () -> {line: the user's location of the statement there}


def to_source(node, where=None):
    """The source of ``node``; ``where``, a list if given, receives (line, user location)
    for each comment marker that carries one."""
    texts, wheres = [], []
    text = astor.to_source(_printable(node, texts, wheres))
    lines = []
    for line in text.splitlines():
        m = _COMMENT.match(line)
        if m:
            k = int(m.group(2))
            if where is not None and wheres[k]:
                where.append((len(lines) + 1, wheres[k]))
            if not texts[k]:     # a silent marker: the location alone, no line
                continue
            line = f"{m.group(1)}# {texts[k]}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def where_of(exc):
    """The user's location (``File "f.py", line 3, column 5, in f:`` and the line) of the
    innermost generated block ``exc`` was raised in, or ``""``. Above the first comment marker
    (the forward sweep, which has none), the location of the user's statement the generated
    statement was made from (``STATEMENTS``)."""
    tb, found = exc.__traceback__, ""
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        marks = WHERE.get(filename)
        if marks is not None:
            above = [w for line, w in marks if line <= tb.tb_lineno]
            found = above[-1] if above else _statement_where(filename, tb.tb_lineno) or found
        tb = tb.tb_next
    return found


def _statement_where(filename, line):
    lines = STATEMENTS.get(filename)
    return lines().get(line, "") if lines is not None else ""


def _statement_wheres(source, trees):
    """{line of ``source``: the user's location of the statement emitted there} (computed when an
    error asks: ``backends/jit_lines.user_statements``)."""
    from ..errors import locate
    from .jit_lines import user_statements
    return {line: locate(src, stmt) for line, (src, stmt) in user_statements(source, trees).items()}


def locate_run_time(exc):
    """Prefix an unlocated ``S2sadError`` raised while generated code ran (a rule's helper
    refusing these values) with the user's line it came from (``where_of``)."""
    found = "" if str(exc).startswith("File ") else where_of(exc)
    if found:
        exc.args = (found + str(exc),) + exc.args[1:]
    return exc


def compile_function(fdef, namespace, label, companions=()):
    """Compile one generated function (and the functions it calls, after it);
    return (source, function, filename)."""
    module = ast.Module(body=[fdef] + list(companions), type_ignores=[])
    where = []
    source = to_source(module, where)
    digest = hashlib.sha1(source.encode()).hexdigest()[:10]
    filename = f"<s2sad adjoint of {label} {digest}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    WHERE[filename] = where
    STATEMENTS[filename] = functools.partial(_statement_wheres, source, [fdef] + list(companions))
    glb = dict(namespace)
    glb["__name__"] = "s2sad_generated"
    exec(compile(source, filename, "exec"), glb)
    return source, glb[fdef.name], filename
