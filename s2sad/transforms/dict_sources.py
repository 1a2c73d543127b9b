"""Where a dict comes from, as the stages before :mod:`.aggregates` and that stage see it: the names
that may hold one (``dict_names``, for the inline stage), the dict a copy is made of
(``copied_dict``: ``dict(d)``, ``d.copy()``) and the entries of a copy of a global dict
(``copy_global``)."""
import ast

from .. import astutil as A
from ..errors import unsupported


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


def copy_global(agg, name, node, s):
    """For ``agg`` (an ``Aggregates``): ``e = dict(G)`` / ``G.copy()`` of a global dict ``G``, a
    new local dict whose entries are read from ``G``'s (``e_w = G['w']``: the same objects, so a write into an array entry is
    still a write into the global, refused by the alias stage). A global holding dicts is
    refused: writing into an inner dict of the copy would change the global's. The copy has the
    keys the global has when the adjoint is built, so the global goes to the adjoint whole
    (``scopes._dicts_used_whole``) and a key added or removed later rebuilds it."""
    glob = node.id
    keys = list(agg.scope[glob])
    if any(not isinstance(k, (str, int)) or isinstance(agg.scope[glob][k], dict) for k in keys):
        raise unsupported(agg.src, s, f"a copy of the global dict `{glob}` whose keys are not all "
                          "constants or which holds dicts", "Pass the dict as an argument instead.")
    new = agg.objects[name] = {}
    out = []
    for key in keys:
        new[key] = agg.entry_name(name, key)
        read = ast.Subscript(value=A.clone(node), slice=A.const(key), ctx=ast.Load())
        read._s2sad_whole = True   # the adjoint takes the dict whole: its keys are part of its kind (scopes.py)
        out.append(A.at(A.assign(new[key], read), s))
    return out
