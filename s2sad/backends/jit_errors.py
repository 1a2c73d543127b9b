"""numba's compile failures in the user's terms: ``explain`` builds a ``JitError``.

Any exception numba raises while compiling a generated module (its own
``NumbaError`` family, but also ``UnsupportedBytecodeError``, an internal
``AssertionError``, a ``ValueError`` from ``typeof`` on an argument) becomes a
:class:`~s2sad.backends.errors.JitError` naming the line of the generated
adjoint, the line of the user's function it came from (from the ``# <line>``
comments the adjoint carries), the variable and types involved when numba
says, and suggesting ``jit=False``. numba's error stays as ``__cause__``.
"""
import os
import re

from .errors import JitError
from ..errors import GENERATED
from .jit_failed_cache import frame_lines
from .jit_lines import differentiated_statement, kept_value_line, marked_location, user_statements
from .jit_user_lines import (assigned_line, block_reading, called_line, callee_of, closest_line, column, locate_line,
                             statement_text, string_line, user_line)

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
UNTYPED_TAPE = re.compile(r"Cannot infer the type of variable '(tape_\w+?)(?:\.\d+)?', have imprecise type")
# a list of the user's made empty (`st = []`, an RPN stack) whose element type numba could not infer
# from the appends (a copy or a call typed it first): retried as a list of floats
UNTYPED_LIST = re.compile(r"Cannot infer the type of variable '(\w+?)(?:\.\d+)?', have imprecise type: list\(undefined\)")
# retried as floats, numba's first append of an array to it: the element type from that append
FLOAT_LIST_APPEND = re.compile(r"list\.append for list\(float64\)(?:<iv=\w+>)?\) with parameters "
                               r"\(array\(float64, (\d)d, ([CA])\)\)")
_APPEND_LINE = re.compile(r"^\s*(\w+)\.append\(", re.M)


def appended_array(text, names):
    """{name: (ndim, layout)} of the list of ``names`` numba's error ``text`` shows a float64 array
    appended to (its located line ``st.append(t2)``), else {}."""
    m = FLOAT_LIST_APPEND.search(text)
    lines = [n for n in _APPEND_LINE.findall(text) if n in names]
    if m is None or not lines:
        return {}
    return {lines[-1]: (int(m.group(1)), m.group(2))}


def text_of(err):
    """numba's message without terminal colours."""
    return _ANSI.sub("", str(err))


def _a(typename):
    return ("an " if typename[:1] in "aeiou" else "a ") + typename


def _generated_line(text, path, header_lines, n_lines):
    """The line of the generated file that numba names first: the innermost of the calls it was
    typing (numba lists the function that failed before its callers: a loop's step function of a
    ``checkpoint=K`` adjoint before the driver line that calls it)."""
    # numba's own forms: `File "<path>", line N` and (UnsupportedBytecodeError) `Raised from <path> (N)`
    for m in re.finditer(r'File "([^"]+)", line (\d+)|Raised from (\S+) \((\d+)\)', text):
        m_path, m_line = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        if os.path.basename(m_path) == os.path.basename(path):
            n = int(m_line) - header_lines
            if 1 <= n <= n_lines:
                return n
    return None


def _traceback_line(err, path, header_lines, n_lines):
    """The generated line numba was lowering when it failed with an error whose message names
    none (a NotImplementedError from a missing lowering): the ``loc`` of its lowering frames."""
    line = None
    for filename, at in frame_lines(err):      # (those of the original, for a remembered failure)
        if os.path.basename(filename) == os.path.basename(path):
            n = at - header_lines
            line = n if 1 <= n <= n_lines else line
    return line


_TUPLE_OF_LIST = ("  numba cannot make a tuple of a list (`tuple(xs)`): a tuple's length is part of its type, "
                  "and a list's is not known when compiling. Index the list itself (`xs[k]`, `a, b = xs`), "
                  "or use jit=False.")


_BIT_GENERATORS = ("RandomState", "MT19937", "PCG64", "PCG64DXSM", "Philox", "SFC64", "SeedSequence")


def _random_advice(attr, what):
    """What to write instead of a generator numba cannot make inside compiled code."""
    if what != "module `numpy.random`" or attr not in _BIT_GENERATORS:
        return ""
    return (f" A `np.random.{attr}` cannot be made inside compiled code: create the generator with "
            "`np.random.default_rng(seed)` (numba compiles it, with NumPy's draws; "
            "`np.random.Generator(np.random.PCG64(seed))` is read as it; a RandomState's numbers differ from "
            "its), or draw the numbers before the call and pass them as an argument.")


def _details(text, runtime_names):
    """What numba's message says, as sentences about the user's code."""
    out, var = [], None
    m = UNIFY.search(text)
    if m:
        var = m.group(3)
        out.append(f"  variable `{var}` holds {_a(m.group(1))} in one place and {_a(m.group(2))} in "
                   "another; numba needs one type per variable." + _unify_advice(var, m.group(1), m.group(2)))
    m2 = re.search(r"Untyped global name '([^']+)'(?:[^\n]*?Numba type of <class '([^']+)'>)?", text)
    if m2 and m2.group(1) in ("tuple_grad", "tuple_tangent") or re.search(r">>> tuple\(list\(", text):
        out.append(_TUPLE_OF_LIST)
    elif m2 and m2.group(1) in runtime_names:
        out.append(f"  s2sad's run-time helper `{m2.group(1)}` has no numba version yet "
                   "(s2sad/backends/numba_helpers/numba_grads.py).")
    elif m2:
        out.append(f"  `{m2.group(1)}` is not something numba can compile"
                   + (f" (an object of class {m2.group(2)})" if m2.group(2) else "") + "."
                   + (" A gradient s2sad made, called inside the function differentiated, runs only with "
                      "jit=False." if (m2.group(2) or "").startswith("s2sad.") else ""))
    m3 = re.search(r"Unknown attribute '([^']+)' of type (.+?)\n", text)
    if m3:
        what = re.sub(r"Module\(<module '([^']+)'.*", r"module `\1`", m3.group(2).strip())
        out.append(f"  numba does not support `{m3.group(1)}` of {what}." + _random_advice(m3.group(1), what))
    own = re.findall(r"(s2sad \(jit\): [^\n]*|s2sad (?:differentiates|cannot|unbroadcast)[^\n]*)", text)
    if own:
        out.append(f"  {own[0].strip()}")
    else:
        m4 = re.search(r"No implementation of function (.+?) found for signature:\s*\n\s*>>> ([^\n]+)", text)
        if m4 and not m4.group(2).startswith("tuple(list("):    # (said above: _TUPLE_OF_LIST)
            call = m4.group(2).strip()
            stack = call.startswith(("_impl(", "matmul(")) and re.search(r"array\(\w+, ([3-9]|\d\d)d", call)
            out.append(f"  numba has no implementation of the call {call}"
                       + (_STACKED_MATMUL if stack else " (for `np.matmul`, write `a @ b`)."
                          if call.startswith("matmul(") else _LIST_ITEM_WRITE
                          if re.match(r"setitem\((reflected )?list\(array\(", call) else "."))
    m6 = re.search(r"Use of unsupported NumPy function '([^']+)'", text)
    if m6 and not own:
        fn = m6.group(1).replace("numpy.", "np.")
        out.append(f"  numba has no `{fn}` for these arguments" + _INSTEAD.get(fn, "."))
    m5 = re.search(r"non-precise type ([^\n]+)", text)
    if m5:
        out.append(f"  an argument has a type numba cannot compile for: {m5.group(1).strip()}.")
    return out, var


_STACKED_MATMUL = ("; numba's `@` takes vectors and matrices only: write a product of a stack of matrices "
                   "with `np.einsum` (`np.einsum('bij,j->bi', T, v)`, `np.einsum('bij,bjk->bik', S, T)`), "
                   "which compiles, or loop over the stack.")
_LIST_ITEM_WRITE = ("; numba cannot store a number where a list holds arrays (the reverse sweep of a write into "
                    "an array the list holds, `L[0][k] = v`, resets that item's adjoint). Under jit keep the arrays "
                    "in one array (`A = np.stack([...])`, written `A[0, k] = v`), or use jit=False.")
_INSTEAD = {"np.matmul": " (write `a @ b`).",
            "np.ix_": ": index one axis at a time (`B[rows][:, cols]` for `B[np.ix_(rows, cols)]`), which compiles."}


UNIFY = re.compile(r"Cannot unify (.+?) and (.+?) for '([^'.]+)(?:\.\d+)?'")


def zero_d_join(text):
    """The variable numba's error ``text`` says holds a 0-d array in one place and a number in
    another, or None."""
    m = UNIFY.search(text)
    return m.group(3) if m and _zero_d_and_number(m.group(1), m.group(2)) else None


def _zero_d_and_number(one, other):
    zero_d = [t for t in (one, other) if t.startswith("array(") and ", 0d," in t]
    return len(zero_d) == 1 and not (other if zero_d[0] == one else one).startswith(("array", "list", "reflected"))


def _unify_advice(var, one, other):
    """What to write for a variable numba found holding types ``one`` and ``other``."""
    if _zero_d_and_number(one, other):
        return f" Make it a number on every path: write `float(...)` around the 0-d array assigned to `{var}`."
    lengths = [_tuple_length(t) for t in (one, other)]
    if None not in lengths and lengths[0] != lengths[1]:      # a helper returning more values on one path
        return (f" It is a tuple of {_items(lengths[0])} on one path and of {_items(lengths[1])} on another (a function "
                "returning a different number of values on different paths): under jit return as many values "
                "on every path (unpack them into as many names), or use jit=False.")
    if "Tuple(" in one + other and "array" in one + other:     # numba's UniTuple(...) / Tuple(...)
        return (f" It holds a tuple on one side (`{var} = (a, b)`, a namedtuple, as the state of a "
                f"`checkpoint=K` loop): under jit keep its items in separate variables (`a, b = ...`) or "
                f"in an array (`{var} = np.array([a, b])`), or use jit=False.")
    if "array" in one + other:
        return (f" Start it as an array of its final shape (`{var} = np.zeros(...)`, not "
                f"`{var} = 0.0`), or give it another name where its kind changes.")
    return ""


def _items(n):
    return f"{n} item" + ("s" if n != 1 else "")


def _tuple_length(typename):
    """The number of items of numba's tuple type ``typename`` (``UniTuple(float64 x 2)``,
    ``Tuple(array(float64, 1d, C), float64)``), or None for another type."""
    m = re.fullmatch(r"UniTuple\(.+ x (\d+)\)", typename)
    if m:
        return int(m.group(1))
    if not typename.startswith("Tuple(") or not typename.endswith(")"):
        return None
    depth, count = 0, 1
    for ch in typename[len("Tuple("):-1]:
        depth += (ch in "([") - (ch in ")]")
        count += ch == "," and depth == 0
    return count


def _keyword_advice(text, callee):
    """For a call numba has no version of with these keyword arguments (``np.std(x, ddof=1)``),
    the keywords to write without."""
    m = re.search(r"No implementation of function .+? found for signature:\s*\n\s*>>> ([^\n]+)", text)
    keywords = _top_level_keywords(m.group(1)) if m else []
    if not keywords or not callee:
        return []
    named = ", ".join(f"`{k}=`" for k in keywords)
    return [(f"  numba's `{callee}` does not take {named} with these arguments: write the computation "
             f"without {'it' if len(keywords) == 1 else 'them'} (plain operations on the arrays), or use jit=False.")]


def _top_level_keywords(signature):
    """The keyword names of numba's ``>>> f(float64, ddof=Literal[int](1))`` at the call's own
    level, not those inside an argument's type (``Array(float64, 0, 'C', False, aligned=True)``)."""
    depth, level = 0, []
    for ch in signature:
        depth += 1 if ch in "([" else -1 if ch in ")]" else 0
        level.append(ch if depth <= 1 else " ")
    return re.findall(r"[(,]\s*([A-Za-z_]\w*)=", "".join(level))


def explain(source, path, header_lines, name, err, label, runtime_names=(), origin=None, trees=(),
            differentiated=None):
    """A JitError for exception ``err`` raised while numba compiled ``label`` of
    ``name`` from the module file ``path`` whose adjoint text is ``source``;
    ``origin`` (the user's parsed source) lets it name the user's file and line; ``trees``
    (the definitions ``source`` was emitted from) let it name the user's statement behind a
    generated line exactly (``jit_lines``), unless numba names a variable (its assignment is
    named) or a user's line holds the generated line's own text (copy propagation moved it
    there from that line); the adjoint's comments and shared names are the last resort. For code
    that differentiates a generated adjoint (registered as ``differentiated``: hvp, hessian), a
    line copied from that adjoint names the user's line marked above it there."""
    text = text_of(err)
    src_lines = source.splitlines()
    gen_line = _generated_line(text, path, header_lines, len(src_lines))
    if gen_line is None:
        gen_line = _traceback_line(err, path, header_lines, len(src_lines))
    out = [f"numba could not compile {label} of `{name}` (jit=True)."]
    details, var = _details(text, runtime_names)
    where, mine, exact, origin, callee = _user_location(source, gen_line, var, details, origin, trees,
                                                        differentiated)
    if where:   # a forward-sweep line is matched by the names it shares with the generated line
        out.append(f"  {where}" if exact else "  probably " + re.sub(r", column \d+", "", where))
    if gen_line is not None:
        out.append(f"  generated adjoint, line {gen_line}:  {statement_text(source, gen_line)}")
    for k, line in enumerate(mine):
        label = ("from your code:" if exact else "probably from your code:") if k == 0 else ""
        out.append(f"  {label:<32}{line}")
        col = re.search(r", column (\d+),", where) if k == 0 and exact else None
        if col:   # a caret under the column, as S2sadError's located messages have
            raw = next((ln for ln in origin.lines if ln.strip() == line), line)
            out.append(" " * (34 + int(col.group(1)) - 1 - (len(raw) - len(raw.lstrip()))) + "^")
    if not any("s2sad (jit):" in d for d in details):     # (s2sad's own refusal says what to write)
        out += _keyword_advice(text, callee)
    details = details or _package_function(text, callee)
    out += _ix_write(details, mine)
    if not details:
        first = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("During")]
        gist = " / ".join(first[:3])[:400] or type(err).__name__
        out.append(f"  numba says ({type(err).__name__}): {gist}")
    out.append("Use jit=False to run the pure-Python adjoint (print `.source` to read it; the "
               f"compiled file is {path}).")
    return JitError("\n".join(out))


_IX_STORE = re.compile(r"^[\w.]+\[.*\bix_\(.*\]\s*(?:[-+*/]|\*\*|//)?=(?!=)")


def _ix_write(details, lines):
    """``details``, with the advice for ``np.ix_`` fitting a write through it (``K[np.ix_(i, i)] += k``):
    ``K[rows][:, cols] += k`` would write into a copy, so a loop over the rows instead."""
    if not any(_IX_STORE.match(ln.strip()) for ln in lines):
        return details
    return [d.replace(_INSTEAD["np.ix_"], _IX_WRITE) for d in details]


_IX_WRITE = (": write the block one row at a time (`for a, r in enumerate(rows): B[r, cols] += V[a]` for "
             "`B[np.ix_(rows, cols)] += V`), which compiles; `B[rows][:, cols] += V` would write into a copy.")


_PACKAGE_FILE = re.compile(r'(?:Raised from |File ")(\S*?[/\\](?:site|dist)-packages[/\\][^"\s]+)')


def _package_function(text, callee):
    """numba failed inside a Python function of an installed package the adjoint calls (SciPy's
    ``lfilter``: numba compiles it as it is called, and stops at its first construct it lacks):
    that, in the user's terms, rather than numba's words about the package's bytecode."""
    m = _PACKAGE_FILE.search(text)
    if m is None:
        return []
    where = re.split(r"[/\\](?:site|dist)-packages[/\\]", m.group(1))[-1]
    what = f"`{callee}`" if callee else "a function this line calls"
    return [(f"  numba cannot compile {what}: it is a Python function of an installed package ({where}), "
             "which numba tries to compile when it is called, and s2sad has no numba version of it.")]


def _user_location(source, gen_line, var, details, origin, trees, differentiated):
    """Where in the user's code generated line ``gen_line`` came from (``explain``'s arguments):
    ``(where, lines, exact, origin, callee)``: the ``File ..., line N, column C, in name:`` text
    (or ''), the user's line(s), whether they are known exactly, the parsed source they are in,
    and the call the generated line makes (``np.std``), if any."""
    src_lines = source.splitlines()
    mine, exact = user_line(src_lines, gen_line, var)
    by_text = None    # a user's line holding the generated line's own text (copy propagation moves text)
    if not exact and gen_line is not None:   # a forward-sweep line assigning a variable of the user's
        by_text = assigned_line(origin, src_lines[gen_line - 1]) or string_line(origin, src_lines[gen_line - 1]) \
            or called_line(origin, re.findall(r"numba has no `(np\.[\w.]+)`", " ".join(details)))
        mine, exact = ([by_text], True) if by_text else (mine, exact)
    if not mine and var:       # a temporary of the forward sweep: the reverse block that reads it
        mine = block_reading(src_lines, var)
    if not mine and gen_line is not None:   # an adjoint with no comments (nothing active)
        found = closest_line(origin, statement_text(source, gen_line))
        mine = [found] if found else mine
    callee = callee_of(src_lines[gen_line - 1]) if gen_line is not None else None
    named = re.findall(r"\bnp\.[\w.]+", " ".join(details))   # s2sad's own message: `np.take` ...
    where = locate_line(origin, mine[0], [callee] + named) if mine else ""
    made = user_statements(source, trees) if trees and gen_line and not (var and exact or by_text) else {}
    stmt = made.get(gen_line) or (made.get(kept_value_line(source, gen_line)) if made else None)   # a tape push:
    # the line that made the value it keeps
    generated = stmt is not None and stmt[0].filename in GENERATED   # a statement of the adjoint hvp
    again, stmt = (marked_location(*stmt), None) if generated else (None, stmt)   # differentiates: the mark there
    if stmt is not None:     # the user's statement the generated line was made from: exact
        origin, node = stmt
        raw = origin.lines[node.lineno - 1]
        mine, exact = [raw.strip()], True
        where = f'File "{origin.filename}", line {node.lineno}, column {column(raw, [callee] + named)}, ' \
                f"in {origin.name}:"
    again = again or (differentiated_statement(differentiated, statement_text(source, gen_line))
                      if differentiated and gen_line and not (stmt or by_text) else None)
    if again:   # a statement of the adjoint this code differentiates: the user's line marked there
        where, mine, exact = again.splitlines()[0], [again.splitlines()[1].strip()], True
    return where, mine, exact, origin, callee
