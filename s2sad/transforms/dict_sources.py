"""Where a dict comes from, as the stages before :mod:`.aggregates` and that stage see it: the names
that may hold one (``dict_names``, for the inline stage) and the dict a copy is made of
(``copied_dict``: ``dict(d)``, ``d.copy()``)."""
import ast

from .. import astutil as A


def dict_names(ops, params=()):
    """The names that may hold a dict where ``ops`` (``analyses.ir.Op``) run: dict displays, the
    dict (and differentiated tuple) ``params``, and the names bound to those (``e = d``,
    ``dict(d)``, ``d.copy()``, an entry ``d['inner']``). An over-approximation: the inline stage
    inlines every helper that receives one, since a call left in place could not receive the
    dict this stage takes apart (``Aggregates._check_uses`` refuses it)."""
    names = set(params)
    for _ in range(len(ops) + 1):
        more = set()
        for op in ops:
            v = getattr(op.stmt, "value", None)
            source = v.value if isinstance(v, ast.Subscript) else copied_dict(v) if isinstance(v, ast.Call) else v
            if isinstance(v, ast.Dict) or isinstance(source, ast.Name) and source.id in names:
                more |= set(op.targets)
        if more <= names:
            return names
        names |= more
    return names


def copied_dict(v):
    """``d`` of ``dict(d)``, or of ``d.copy()`` (which the anf stage wrote ``np.copy(d)`` for a
    local ``d``, and left as the method call of a global), else None."""
    if isinstance(v, ast.Call) and not v.args and not v.keywords and isinstance(v.func, ast.Attribute) \
            and v.func.attr == "copy" and isinstance(v.func.value, ast.Name):
        return v.func.value
    if not (isinstance(v, ast.Call) and len(v.args) == 1 and not v.keywords and isinstance(v.args[0], ast.Name)):
        return None
    if isinstance(v.func, ast.Name) and v.func.id == "dict" or A.dotted_path(v.func) == "np.copy":
        return v.args[0]
    return None
