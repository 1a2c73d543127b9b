"""Stage 1a', an attribute read by a constant name: ``getattr(obj, "p")`` is ``obj.p``.

Python evaluates ``getattr(obj, "p")`` as it evaluates ``obj.p`` (the same lookup, the same
error when there is none), so the call is written as the attribute, which the later stages
follow (a namedtuple's field, a global object's attribute, a module's function).

Invariant: rewritten only when ``getattr`` is the builtin (resolved in the function's scope), called
with exactly two positional arguments, neither starred, the second a string constant that is an
identifier, not a keyword, and not a private ``__name`` (which Python would mangle in a class body
when written as an attribute). A default (``getattr(obj, "p", 0.0)``) or a name known only when
the function runs is left as written.
"""
import ast
import builtins
import keyword

from .. import astutil as A
from .resolve import Resolver


def getattr_names(src, fdef):
    """Rewrite, in place, ``getattr(obj, "p")`` as ``obj.p`` in ``fdef`` (module docstring)."""
    calls = [n for n in A.walk(fdef) if isinstance(n, ast.Call) and _constant_name(n) is not None]
    if calls and Resolver(src, set(A.assigned_locals(fdef))).obj(calls[0].func) is builtins.getattr:
        for call in calls:
            attr = ast.Attribute(value=call.args[0], attr=_constant_name(call), ctx=ast.Load())
            A.replaced(fdef, call, A.at(attr, call))


def _constant_name(call):
    """``"p"`` of ``getattr(obj, "p")`` (the module docstring's form), else None."""
    if not (isinstance(call.func, ast.Name) and call.func.id == "getattr" and len(call.args) == 2
            and not call.keywords and not any(isinstance(a, ast.Starred) for a in call.args)):
        return None
    name = call.args[1].value if isinstance(call.args[1], ast.Constant) else None
    private = isinstance(name, str) and name.startswith("__") and not name.endswith("__")
    ok = isinstance(name, str) and name.isidentifier() and not keyword.iskeyword(name) and not private
    return name if ok else None
