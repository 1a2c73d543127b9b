"""The user's line behind a line of a generated adjoint, read from text: for ``jit_errors.explain``
when ``jit_lines`` cannot pair the line with the statement it was made from.

The adjoint's ``# <user line>`` comments head its reverse-sweep blocks; a forward-sweep line has
none, so it is matched by what it shares with the user's lines: the variable it assigns, a string
constant it holds, or the names it reads (s2sad's temporaries ``t3``, ``b_x``, ``tape_z`` aside).
``locate_line`` turns the line found into ``File "f.py", line N, column C, in name:``.

Invariant: a line is said to be known exactly (``exact``) only when one comment or one line of the
user's function matches (the assignment of the variable numba names, the comment above a reverse
block, the one line assigning a name or holding a string); anything else is a guess the caller
says is one ("probably"), and no match at all gives no line rather than a wrong one.
"""
import ast
import re

_IDENT = re.compile(r"[A-Za-z_]\w*")
_TEMP = re.compile(r"^(t|c|b|tape|n_iter|value)(_\w*|\d+)?$")

_TAPE_READ = re.compile(r"^[\w, ]+ = tape_\w*(\.pop\(\)|\[)|^tape_\w*_n -= 1$")   # a pop
_POP_TEST = re.compile(r"^if len\(tape_\w*\) != 0:$")     # a pop written out: the list's value, else a row


def user_line(src_lines, gen_line, var):
    """The line(s) of the user's function behind generated line ``gen_line``, and whether
    they are known exactly (the assignment of the variable numba names, or the comment above
    a reverse-sweep block) rather than guessed from shared names (a forward-sweep line)."""
    comments = [ln.strip()[1:].strip() for ln in src_lines if ln.strip().startswith("#")]
    if var:
        assigns = [c for c in comments if re.match(rf"{re.escape(var)}\s*([-+*/@]|\*\*)?=[^=]", c)]
        if assigns:
            return list(dict.fromkeys(assigns))[:3], True
    if gen_line is None:
        return [], False
    depth = _indent(src_lines[gen_line - 1])
    for k in range(gen_line - 2, -1, -1):      # reverse sweep: the comment above, at the line's depth
        s = src_lines[k].strip()
        if not s or _indent(src_lines[k]) > depth:     # inside a statement of the same block
            continue
        if s.startswith("#"):
            return [s[1:].strip()], True
        if _indent(src_lines[k]) == depth and (s == "else:" or _SHAPE_GUARD.match(s) or _POP_TEST.match(s)):
            continue    # a fused loop's guard (loopfuse) and its fallback, a pop: part of the same block
        if s.startswith(("def ", "for ", "while ", "if ", "else")) or "tape_" in s and not _TAPE_READ.search(s):
            break       # a push belongs to the forward sweep; the pops a reverse block reads are inside it
    # forward sweep: the comment sharing most names with the generated line
    words = _names_of(src_lines[gen_line - 1])
    best, score = None, 0
    for c in comments:
        n = _shared(words, c)
        if n > score:
            best, score = c, n
    return ([best] if best else []), False


_SHAPE_GUARD = re.compile(r"^if [\w.]+\.shape == [\w.]+\.shape:$")


def _indent(line):
    return len(line) - len(line.lstrip())


def _names_of(text):
    """The names in ``text`` that are not s2sad's temporaries."""
    return {w for w in _IDENT.findall(text) if not _TEMP.match(w)}


def _shared(words, line):
    """How many of ``words`` the source line ``line`` names."""
    return len(words & set(_IDENT.findall(line)))


def locate_line(origin, text, callee=None):
    """'File "f.py", line N, column C, in name:' for the user's line whose text is ``text`` (as
    the adjoint's comments quote it, a helper's prefixed by ``helper: ``), or ''. The function's
    own lines are searched first, then the rest of its file (helpers defined there). The column
    is where ``callee`` (``np.std``, the call numba failed on) starts in that line, else where
    the line's statement starts."""
    if origin is None or not text:
        return ""
    head, _, rest = text.partition(": ")
    candidates = [(text, origin.name)] + ([(rest, head)] if head.isidentifier() and rest else [])
    tree = origin.tree
    first, last = getattr(tree, "lineno", 1), getattr(tree, "end_lineno", len(origin.lines))
    span = list(range(first, last + 1)) + [n for n in range(1, len(origin.lines) + 1) if not first <= n <= last]
    for wanted, name in candidates:
        for n in span:
            if 0 < n <= len(origin.lines) and origin.lines[n - 1].strip() == wanted:
                return f'File "{origin.filename}", line {n}, column {column(origin.lines[n - 1], callee)}, in {name}:'
    return ""


def column(raw, callee):
    """1-based column of ``callee`` (``np.std``, or one of several names: the first that occurs
    once) in the source line ``raw``, or of the method written for it (``.std(`` of ``x.std()``),
    else of the line's first character."""
    names = [n for n in ([callee] if isinstance(callee, str) else callee or ()) if n]
    for pattern in [rf"(?<![\w.]){re.escape(n)}\s*\(" for n in names] + \
            [rf"\.{re.escape(n[3:])}\s*\(" for n in names if n.startswith("np.") and "." not in n[3:]]:
        hits = [m.start() for m in re.finditer(pattern, raw)]
        if len(hits) == 1:
            return hits[0] + 1 + pattern.startswith("\\.")
    return len(raw) - len(raw.lstrip()) + 1


def callee_of(gen_text):
    """The dotted name of the call on a generated line (``t1 = np.std(x, ddof=1)`` -> ``np.std``)."""
    m = re.match(r"\s*[\w, ]+=\s*([A-Za-z_][\w.]*)\s*\(", gen_text or "")
    return m.group(1) if m else None


def _function_lines(origin):
    """The source lines of the user's function itself (not the rest of its file)."""
    tree = origin.tree
    first, last = getattr(tree, "lineno", 1), getattr(tree, "end_lineno", len(origin.lines))
    return [origin.lines[n - 1] for n in range(first, min(last, len(origin.lines)) + 1)]


def assigned_line(origin, gen_text):
    """The user's line behind a generated forward-sweep line ``name = expr``: the one line of
    the user's function that assigns ``name`` (a variable of the user's), or for a temporary the
    one line whose text holds ``expr``; None when there is no such line or more than one. A
    variable with no adjoint has no comment in the adjoint, so matching comments by shared names
    would name a line using it."""
    m = re.match(r"\s*([A-Za-z_]\w*)\s*=(?!=)(.*)", gen_text)
    if origin is None or not m:
        return None
    lines = _function_lines(origin)
    if _TEMP.match(m.group(1)):
        needle = _plain(m.group(2))
        hits = [ln.strip() for ln in lines if len(needle) > 8 and needle in _plain(ln)]
    else:
        pattern = re.compile(rf"\s*{re.escape(m.group(1))}\s*([-+*/@%]|\*\*|//)?=[^=]")
        hits = [ln.strip() for ln in lines if pattern.match(ln)]
    return hits[0] if len(hits) == 1 else None


def called_line(origin, names):
    """The one line of the user's function calling one of ``names`` (``np.block``: the function numba
    has no version of), or None: copy propagation moves a call into the line reading its value."""
    if origin is None or not names:
        return None
    calls = re.compile("|".join(rf"(?<![\w.]){re.escape(n)}\s*\(" for n in names))
    hits = [ln.strip() for ln in _function_lines(origin) if calls.search(ln)]
    return hits[0] if len(hits) == 1 else None


def string_line(origin, gen_text):
    """The one line of the user's function holding a string constant (4 characters or more,
    a part of an f-string too) of the generated line ``gen_text``, or None: copy propagation
    moves an f-string away from the line that wrote it, but not its text."""
    try:
        node = ast.parse(gen_text.strip())
    except SyntaxError:
        return None
    texts = {c.value for c in ast.walk(node) if isinstance(c, ast.Constant) and isinstance(c.value, str)
             and len(c.value.strip()) >= 4}
    if origin is None or not texts:
        return None
    lines = [ln.strip() for ln in _function_lines(origin)]
    hits = [ln for ln in lines if any(t in ln for t in texts)]
    return hits[0] if len(hits) == 1 else None


def statement_text(source, gen_line):
    """The whole statement of the adjoint ``source`` that starts on or spans line ``gen_line``
    (a long generated statement is wrapped over several lines)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return source.splitlines()[gen_line - 1]
    spans = [n for n in ast.walk(tree) if isinstance(n, ast.stmt) and not hasattr(n, "body")
             and n.lineno <= gen_line <= (n.end_lineno or n.lineno)]
    lines = source.splitlines()
    return " ".join(ln.strip() for ln in lines[spans[0].lineno - 1:spans[0].end_lineno]) if spans \
        else lines[gen_line - 1]


def closest_line(origin, gen_text):
    """The one line of the user's function sharing the most names (besides temporaries) with
    the generated statement ``gen_text``, or None (no line shares a name, or two tie)."""
    if origin is None:
        return None
    words = _names_of(gen_text) - {"np", "math"}
    scored = sorted(((_shared(words, ln), ln.strip()) for ln in _function_lines(origin)[1:]
                     if ln.strip() and not ln.strip().startswith("#")), reverse=True)
    if not scored or scored[0][0] == 0 or len(scored) > 1 and scored[1][0] == scored[0][0]:
        return None
    return scored[0][1]


def block_reading(src_lines, var):
    """The comment heading the first reverse-sweep block whose code reads ``var`` (a temporary
    of the forward sweep has no comment of its own), as a guess: [] when none does."""
    word = re.compile(rf"\b{re.escape(var)}\b")
    for k, line in enumerate(src_lines, start=1):
        if word.search(line) and not line.strip().startswith("#"):
            found, exact = user_line(src_lines, k, None)
            if exact:
                return found
    return []


def _plain(text):
    """Source text without spaces and with one kind of quote (as ast.unparse may differ)."""
    return re.sub(r"\s+", "", text).replace('"', "'")
