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
    if param is not None and param.isidentifier():
        return NoDerivativeError(
            f"{where}`{argname}` depends on the inputs being differentiated and reaches the parameter "
            f"`{param}` of `{fname}`, which s2sad's rule for `{fname}` does not differentiate. Pass a "
            f"constant there, or register a complete rule with @s2sad.adjoint({fname}) (see "
            f"s2sad/rules/grads_elementwise.py for examples).")
    if param is not None:
        return NoDerivativeError(
            f"{where}`{argname}` depends on the inputs being differentiated and reaches {param} of "
            f"`{fname}`, where s2sad cannot follow its derivative. Pass the values one by one as "
            f"plain arguments (by position or by name).")
    return NoDerivativeError(
        f"{where}no derivative rule for `{fname}`, and its argument `{argname}` "
        f"depends on the inputs being differentiated. Register a rule with "
        f"@s2sad.adjoint({fname}) (see s2sad/rules/grads_elementwise.py for examples), or mark it with "
        f"s2sad.nondifferentiable({fname}) if its derivative is zero.")

