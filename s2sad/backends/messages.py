"""Error messages numba compiles: f-strings of ``raise`` and ``assert`` without format specs.

numba refuses an f-string with a format spec or a conversion (``f"rho={rho:.3f}"``, ``{x!r}``:
"format spec in f-strings not supported yet"), so a function that checks its input and raises
with a formatted message could not be compiled at all. The message is written without them
(``f"rho={rho}"``, which numba compiles). Invariant: only the text of a message changes, never
when or what is raised; a call from Python that raises in the compiled code replays the Python
adjoint (``jit_failures``), whose exception, with the message as the user formatted it, is the one
raised. Code that calls ``g.compiled`` from its own numba functions sees numba's rendering of the
values (``rho=<object type:float64>``).
"""
import ast


def plain_messages(fdef):
    """Drop the format specs and conversions of f-strings in ``fdef``'s raise and assert statements."""
    for node in ast.walk(fdef):
        message = node.exc if isinstance(node, ast.Raise) else node.msg if isinstance(node, ast.Assert) else None
        for part in ast.walk(message) if message is not None else ():
            if isinstance(part, ast.FormattedValue):
                part.format_spec, part.conversion = None, -1
    return fdef
