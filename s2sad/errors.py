"""Errors raised to users. Every message names the place in the user's source
(file, line, column), quotes the line and says what to do instead."""


class S2sadError(Exception):
    """Base class of every error s2sad raises on purpose."""


class UnsupportedSyntaxError(S2sadError):
    """The function uses a construct s2sad cannot differentiate."""


class NoDerivativeError(S2sadError):
    """A differentiable value flows into a function with no derivative rule."""


class NonScalarOutputError(S2sadError):
    """``grad`` was asked for the gradient of a non-scalar output."""


class SourceUnavailableError(S2sadError):
    """The function's source code cannot be read (REPL, exec, builtin)."""


class NotDifferentiableError(S2sadError):
    """What was given to grad/value_and_grad/vjp is not something s2sad can differentiate
    (a builtin, a class, a non-callable, a gradient function, an opaque decorator...)."""


class ArgumentError(S2sadError, TypeError):
    """A gradient (or minimize, check_grad...) was called with arguments it cannot take:
    wrong number, unknown keyword, or a type it cannot differentiate (complex, None...)."""


class ShapeError(S2sadError, ValueError):
    """A value has a shape other than the one it must have (a head gradient ``dout``,
    the result of a custom derivative rule)."""


class OutputTypeError(S2sadError, TypeError):
    """The differentiated function returned something that is not a real number or array
    (None, a string, a list...)."""


class RuleError(S2sadError):
    """A custom derivative rule (``s2sad.adjoint``) is malformed."""


class StaleAdjointError(S2sadError):
    """A raw adjoint was called after something it was built with changed."""


def locate(src, node):
    """Return 'File "f.py", line 12, column 5, in func:\\n    <line>\\n    ^' for node."""
    if src is None or node is None or not hasattr(node, "lineno"):
        return ""
    lineno = getattr(node, "lineno", 0)
    col = getattr(node, "col_offset", 0) + src.indent
    raw = src.lines[lineno - 1] if 0 < lineno <= len(src.lines) else ""
    text = raw.strip()
    caret = " " * (4 + max(col - (len(raw) - len(raw.lstrip())), 0)) + "^"
    return (f'File "{src.filename}", line {lineno}, column {col + 1}, in {src.name}:\n'
            f"    {text}\n{caret}\n")


def unsupported(src, node, what, instead):
    return UnsupportedSyntaxError(f"{locate(src, node)}s2sad cannot differentiate {what}. {instead}")


def no_derivative(src, node, fname, argname, param=None):
    where = locate(src, node)
    arg = _named(src, node, argname)
    if param is not None and param.isidentifier():
        return NoDerivativeError(
            f"{where}{arg} depends on the inputs being differentiated and reaches the parameter "
            f"`{param}` of `{fname}`, which s2sad's rule for `{fname}` does not differentiate. Pass a "
            f"constant there, or register a complete rule with @s2sad.adjoint({fname}) (see "
            f"s2sad/rules/grads_elementwise.py for examples).")
    if param == "a further positional argument":
        start = " (for `sum(xs, start)`, write `start + sum(xs)`)" if fname == "sum" else ""
        return NoDerivativeError(
            f"{where}`{fname}` is called with more positional arguments than s2sad's rule for it "
            f"takes, and {arg} depends on the inputs being differentiated. Pass only the arguments "
            f"the rule covers{start}.")
    if param is not None:
        plain = ("Build each sequence with a comprehension instead (`xs = [p[0] for p in pts]`)"
                 if fname == "zip" else "Pass the values one by one as plain arguments (by position or by name)")
        return NoDerivativeError(
            f"{where}{arg} depends on the inputs being differentiated and reaches {param} of "
            f"`{fname}`, where s2sad cannot follow its derivative. {plain}.")
    callee = _callee(node)
    if fname == "this call" and callee:
        return NoDerivativeError(
            f"{where}`{callee}` is a function chosen while the code runs (held in a variable), and "
            f"{arg} depends on the inputs being differentiated: s2sad must know which function is "
            f"called to differentiate the call. Call each function by its name (for a few choices, "
            f"`if k == 0: h = np.tanh(h)` and so on).")
    return NoDerivativeError(f"{where}no derivative rule for `{fname}`, and {arg} depends on the inputs "
                             f"being differentiated. {_instead(fname, callee)}")


_BUILTIN_INSTEAD = {
    "max": "For the largest of a list, write `np.max(np.array(xs))` (or the two-argument form "
           "`max(a, b)`, which s2sad differentiates).",
    "min": "For the smallest of a list, write `np.min(np.array(xs))` (or the two-argument form "
           "`min(a, b)`, which s2sad differentiates).",
    "sorted": "Sort with NumPy instead: `np.sort(np.array(xs))`.",
    "zip": "Loop over it where it is written (`for a, b in zip(xs, ys):`, also in a comprehension), "
           "which s2sad follows, or index the sequences (`xs[k]`, `ys[k]`).",
    "enumerate": "Loop over it where it is written (`for k, v in enumerate(xs):`, also in a "
                 "comprehension), which s2sad follows, or index the sequence (`xs[k]`).",
}


def _instead(fname, callee):
    """What to write instead of a call with no rule."""
    import builtins
    if fname in _BUILTIN_INSTEAD and getattr(builtins, fname, None) is not None and callee == fname:
        return _BUILTIN_INSTEAD[fname]
    return (f"Register a rule with @s2sad.adjoint({fname}) (see s2sad/rules/grads_elementwise.py for "
            f"examples), or mark it with s2sad.nondifferentiable({fname}) if its derivative is zero.")


def _callee(node):
    """The function a normalized statement ``y = f(...)`` calls, as written (or None)."""
    import ast
    call = getattr(node, "value", None)
    return ast.unparse(call.func) if isinstance(call, ast.Call) else None


def _named(src, node, argname):
    """``its argument `x` `` when ``x`` is written on the user's line; a name s2sad made while
    normalizing the code (``t2``) means nothing to the user, so it is left out."""
    import re
    lineno = getattr(node, "lineno", 0)
    line = src.lines[lineno - 1] if src is not None and 0 < lineno <= len(src.lines) else ""
    if argname and re.search(rf"\b{re.escape(argname)}\b", line):
        return f"its argument `{argname}`"
    return "an argument"
