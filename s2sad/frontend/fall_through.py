"""The end of a function that returns a value on some paths only.

Invariant: a function whose ``return`` statements all return a value, and whose body can
reach its end (a ``return`` inside an ``if`` with no ``else``, or inside a loop that may
finish), ends with ``raise OutputTypeError(...)`` after lowering. Python returns None
there, which has no derivative: without the guard the adjoint read a result never
assigned (an UnboundLocalError in Python, an unset value under numba). The guard costs
nothing on the paths that return, and a function whose every path returns (``if``/``else``
both returning) is left as it is.
"""
import ast

from .. import astutil as A
from ..errors import OutputTypeError, locate


def always_returns(stmts):
    """True if every path through the statement list ends in ``return`` or ``raise``
    (or a ``while True`` that no ``break`` leaves)."""
    if not stmts:
        return False
    last = stmts[-1]
    if isinstance(last, (ast.Return, ast.Raise)):
        return True
    if isinstance(last, ast.If):
        return always_returns(last.body) and always_returns(last.orelse)
    if isinstance(last, ast.While):
        forever = isinstance(last.test, ast.Constant) and bool(last.test.value)
        return forever and not A.leaves_loop(last.body)
    return False



def guard_end(src, fdef, body):
    """``body`` ending with a located ``raise OutputTypeError`` when its end is reachable
    (located at its last statement, after which the function ends)."""
    if always_returns(body):
        return body
    error = A.name("OutputTypeError")
    error._s2sad_obj = OutputTypeError
    at = body[-1] if body else fdef
    message = (f"{locate(src, at)}`{fdef.name}` reached the end of its body without a `return` on these arguments: Python "
               "returns None there, which has no derivative. Return a value on every path (or raise "
               "your own error where there is none).")
    return body + [A.at(ast.Raise(exc=ast.Call(func=error, args=[A.const(message)], keywords=[]), cause=None), at)]
