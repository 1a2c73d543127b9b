"""Stage 1a, ``match`` on a dict built in the function with constant keys: mapping patterns as tests.

A name bound once to a dict display whose keys are constants (``cfg = {"kind": "sin", "k": x[0]}``)
and otherwise only read by constant subscripts (``cfg["k"]``) holds a dict of exactly those keys
wherever it is read, so a mapping pattern's key tests are known when the function is built, and its
value patterns are tests of the entries::

    cfg = {"kind": "sin", "k": x[0]}      cfg = {"kind": "sin", "k": x[0]}
    match cfg:                            if cfg["kind"] == "sq":
        case {"kind": "sq"}:                  r = np.sum(x ** 2)
            r = np.sum(x ** 2)            elif cfg["kind"] == "sin":
        case {"kind": "sin", "k": k}:         k = cfg["k"]
            r = np.sum(np.sin(k * x))         r = np.sum(np.sin(k * x))

Patterns written out: a mapping pattern whose keys are constants (a key the dict lacks: never
matches, its case dropped), each value pattern one ``match_ifs`` writes (values, ``None``, ``_``,
captures, ``|`` of values, ``as``); a capture or ``_`` of the whole subject; ``|`` of those binding
the same names. ``**rest``, a dict stored into, passed on or read otherwise, leaves the statement
to ``check``'s refusal.

Invariant: the chain runs the body of the case Python's ``match`` runs, with the same names bound
to the same values (each entry read when its test runs, as Python reads it).
"""
import ast

from .. import astutil as A
from .match_displays import NEVER, _bound_names, case_chain, value_tests, whole_pattern


def dict_names(fdef):
    """name -> the keys of the dict display bound to it, for names bound once so and read only
    as ``name[<constant>]`` or as a ``match`` subject."""
    stores, held = {}, {}
    for n in ast.walk(fdef):
        for name in _bound_names(n):
            stores[name] = stores.get(name, 0) + 1
        if isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name) \
                and isinstance(n.value, ast.Dict) and all(isinstance(k, ast.Constant) for k in n.value.keys):
            held[n.targets[0].id] = [k.value for k in n.value.keys]
    ok = {k: v for k, v in held.items() if stores.get(k) == 1}
    allowed = {id(m.subject) for m in ast.walk(fdef) if isinstance(m, ast.Match)}
    allowed |= {id(s.value) for s in ast.walk(fdef) if isinstance(s, ast.Subscript) and isinstance(s.ctx, ast.Load)
                and isinstance(s.slice, ast.Constant)}
    for n in ast.walk(fdef):
        if isinstance(n, ast.Name) and n.id in ok and isinstance(n.ctx, ast.Load) and id(n) not in allowed:
            del ok[n.id]
    return ok


def mapping_match(node, namer, dicts):
    """The statements a ``match`` on such a name becomes, or None (module docstring)."""
    subject = node.subject
    keys = dicts.get(subject.id) if isinstance(subject, ast.Name) else None
    if keys is None:
        return None
    structural = (lambda p: _mapping(p, subject, keys) if isinstance(p, ast.MatchMapping) else None)
    return case_chain(node, [whole_pattern(case.pattern, subject, structural) for case in node.cases], namer)


def _mapping(p, subject, keys):
    if p.rest is not None or not all(isinstance(k, ast.Constant) for k in p.keys):
        return None
    if any(k.value not in keys for k in p.keys):
        return NEVER, []
    return value_tests([(q, ast.Subscript(value=A.clone(subject), slice=A.const(k.value), ctx=ast.Load()))
                        for k, q in zip(p.keys, p.patterns)])
