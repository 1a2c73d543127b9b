"""An array attribute read as a NumPy call (``x.T`` as ``np.transpose(x)``, ``.real``, ``.imag``,
``.mT``: ``frontend/anf_values.py``) is right only when ``x`` is an array or a number.

Invariant: once the inlined body's ranks are known, such a call whose operand is a tuple or list
display (a namedtuple or tuple parameter of a helper, inlined as its items), a name the build
holds a list of, or a parameter given neither a number nor an array (a namedtuple, an object) is
refused at its line: Python reads there the object's own attribute (a field named ``T``), while
``np.transpose`` would stack the items and differentiate that (a wrong gradient, silently).
"""
import ast
from collections import Counter

from ..errors import unsupported


def check_attribute_calls(body, param_kinds):
    """Refuse, located, the attribute calls of ``body`` (inlined, aggregates read) on values that
    are no arrays (module docstring)."""
    from .list_names import list_names
    objects = {p for p, k in (param_kinds or {}).items() if k is None or isinstance(k, tuple)}
    lists = set(getattr(param_kinds, "lists", ())) | list_names(ast.Module(body=list(body), type_ignores=[]))
    objects |= _copies(body, objects | lists)
    for top in body:
        for node in ast.walk(top):
            attr = getattr(node, "_s2sad_attr", None)
            if attr is None or not isinstance(node, ast.Call) or not node.args:
                continue
            x = node.args[0]
            if isinstance(x, (ast.Tuple, ast.List)) or isinstance(x, ast.Name) and x.id in objects:
                _refuse(top, node, attr)


def _copies(body, names):
    """The names bound to one of ``names`` (``q = p``), transitively, and those bound once, to a
    tuple or list display (a tuple parameter of an inlined helper: ``h_p = (p_k0, p[1])``)."""
    assigns = [n for top in body for n in ast.walk(top) if isinstance(n, ast.Assign) and len(n.targets) == 1
               and isinstance(n.targets[0], ast.Name)]
    stores = Counter(n.id for top in body for n in ast.walk(top) if isinstance(n, ast.Name)
                     and isinstance(n.ctx, ast.Store))
    copies = [(n.targets[0].id, n.value.id) for n in assigns if isinstance(n.value, ast.Name)]
    found = set(names) | {n.targets[0].id for n in assigns if isinstance(n.value, (ast.Tuple, ast.List))
                          and stores[n.targets[0].id] == 1}
    grew = True
    while grew:
        new = {t for t, v in copies if v in found} - found
        found, grew = found | new, bool(new)
    return found


def _refuse(stmt, node, attr):
    raise unsupported(getattr(stmt, "_s2sad_src", None), stmt,
                      f"`.{attr}` of a tuple, list, namedtuple or object (s2sad reads `x.{attr}` as an array's "
                      f"NumPy attribute; Python reads the object's own `{attr}`, e.g. a namedtuple field)",
                      f"Read the field in the function differentiated and pass it on (`h(p.{attr}, x)`), or give "
                      f"the field another name; for an array, make sure the value is one (`np.asarray(x).{attr}`).")
