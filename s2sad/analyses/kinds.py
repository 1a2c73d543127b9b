"""Rank inference: the number of dimensions of each variable, where it is known.

Gradients are specialised on the ranks of the arguments they are called with
(0 for a scalar), the way a JIT specialises on types. Where an operation's
argument and result are both scalars, no broadcasting can have happened, so
the adjoint needs no ``unbroadcast`` and its zero is the literal ``0.0``:
scalar code gets the adjoint a person would write. The analysis is
flow-insensitive: a name has one rank, or None (unknown) if its assignments
disagree. (Which names keep one *shape* is the job of ``shapes.py``.) The rank of each
expression is ``expr_ranks.rank``'s; here, the fixpoint over a body's assignments, the conflicts
between them, and the checks and questions later stages ask of the result.
"""
import ast
from typing import ClassVar

import numpy as np

from .. import astutil as A
from ..errors import unsupported
from .expr_ranks import _UNSET, of_value, rank
from .ir import resolve
from .list_names import list_names, sure_lists


class Kinds(dict):
    """A build's parameter kinds (``{name: rank}``), ``lists``: the parameters given a Python
    list (their kind is None, as a 0-d array's; the front end needs to know a list's copy is a
    list: ``xs.copy()``), and ``tuples``: those given a tuple, differentiated or not."""
    lists = frozenset()
    tuples = frozenset()
    ints = frozenset()     # the parameters given a Python int (``L * n`` repeats a list)
    generators = frozenset()        # the parameters given a np.random.Generator (their methods draw)
    random_states = frozenset()     # ... a np.random.RandomState
    numbers = frozenset()   # of lists and tuples: those whose items are all numbers (``key_of``'s "numbers")


# The argument types a build key records by position (``api_build.key_of``), each with its label,
# the ``Kinds`` attribute naming those parameters: a type's rank alone does not tell them apart.
KEYED_TYPES = {"lists": list, "tuples": tuple, "ints": int, "generators": np.random.Generator,
               "random_states": np.random.RandomState}
GENERATOR_KINDS = {label: cls for label, cls in KEYED_TYPES.items() if label in ("generators", "random_states")}


def kinds_for(params, key):
    """The :class:`Kinds` of a build key (``api.key_of``): ranks, then the list, tuple, int and
    random generator positions."""
    kinds = Kinds(zip(params, key))
    for part in key[len(params):]:
        if isinstance(part, tuple) and part[:1] and (part[0] in KEYED_TYPES or part[0] == "numbers"):
            setattr(kinds, part[0], frozenset(params[i] for i in part[1:] if i < len(params)))
    kinds.tuples |= {p for p, k in kinds.items() if isinstance(k, tuple) and k[-1:] == ("tuple",)}
    return kinds


def join(a, b):
    if a is _UNSET:
        return b
    if b is _UNSET:
        return a
    return a if a == b else None


def infer(stmts, param_kinds, ns):
    given_lists = getattr(param_kinds, "lists", frozenset())
    param_kinds = {p: (k if not isinstance(k, tuple) else None) for p, k in param_kinds.items()}
    ranks = dict(param_kinds)
    nodes = [n for s in stmts for n in A.walk(s)]
    assigns = [n for n in nodes if isinstance(n, (ast.Assign, ast.For)) or hasattr(n, "_s2sad_append")]
    reads = [_reads(node) for node in assigns]
    parts, changed = [None] * len(assigns), None
    sure = sure_lists(ast.Module(body=list(stmts), type_ignores=[]))
    for _ in range(50):
        # each round ranks every assignment from the last round's ranks; one whose operands'
        # ranks did not change gives what it gave before, so only the others are ranked again
        for k, node in enumerate(assigns):
            if changed is None or not reads[k].isdisjoint(changed):
                parts[k] = _assigned_ranks(node, ranks, ns, sure)
        new = dict(param_kinds)
        for part in parts:
            for name, r in part:
                new[name] = join(new.get(name, _UNSET), r)
        if new == ranks:
            break
        changed = {k for k in new.keys() | ranks.keys() if new.get(k, _MISSING) != ranks.get(k, _MISSING)}
        ranks = new
    out = Ranks({k: (None if v is _UNSET else v) for k, v in ranks.items()})
    out.conflicts = _conflicts(assigns, ranks, ns, param_kinds)
    # a list of arrays has a rank (one more than its items'), but a copy of it kept for the
    # reverse sweep must stay a list (``snapshot``): ``np.copy`` would stack it, and the reverse
    # would read ``if xs:`` / ``for x in xs`` / ``len(xs)`` of an array (an empty one has shape (0,))
    out.lists = given_lists | list_names(ast.Module(body=list(stmts), type_ignores=[]))
    for node in nodes:
        if isinstance(node, ast.Name) and getattr(node, "_s2sad_bound", False) and node.id in ns.objects:
            out.setdefault(node.id, of_value(ns.objects[node.id]))
    return out


_MISSING = object()


def snapshot_kept(kinds, v):
    """Whether a copy of ``v`` kept for later is ``snapshot(v)`` rather than ``np.copy(v)``: its rank
    is unknown, or it may be a Python list (see ``Ranks.lists``)."""
    return kinds.get(v) is None or v in getattr(kinds, "lists", ())


def _reads(node):
    """The names whose ranks the ranks ``node`` assigns are computed from."""
    value = getattr(node, "value", None)
    if value is None:
        return frozenset()
    return frozenset(n.id for n in A.walk(value) if isinstance(n, ast.Name))


def _assigned_ranks(node, ranks, ns, sure=frozenset()):
    """[(name, rank)] an assignment (a for loop, an append) gives, in order, with ``ranks``."""
    if isinstance(node, ast.For):
        return [(node.target.id, 0)]
    if hasattr(node, "_s2sad_append"):  # a list of appended elements: one rank more
        lst, elem = node._s2sad_append[0], rank(node.value.args[0], ranks, ns)
        return [(lst, elem if elem in (None, _UNSET) else elem + 1)]
    tgt = node.targets[0]
    if isinstance(tgt, ast.Name):
        return [(tgt.id, rank(node.value, ranks, ns))]
    if isinstance(tgt, ast.Subscript) and isinstance(tgt.value, ast.Name) and tgt.value.id in sure \
            and not isinstance(tgt.slice, (ast.Slice, ast.Tuple)):
        # an item stored into a list (surely one): one rank more, like an append (`vals[0] = t` of
        # a list of arrays makes its items' rank unknown, read again when the adjoint runs)
        item = rank(node.value, ranks, ns)
        return [(tgt.value.id, item if item in (None, _UNSET) else item + 1)]
    if isinstance(tgt, ast.Tuple):
        parts = getattr(node.value, "_s2sad_ranks", None)   # a recursive function's results
        return [(e.id, parts[k] if parts and len(parts) == len(tgt.elts) else None)
                for k, e in enumerate(tgt.elts)]
    return []


class Ranks(dict):
    """name -> rank; ``conflicts`` maps names assigned values of different ranks to
    (the assignment that disagrees, its rank, the other rank); ``lists``: the names that may hold a
    Python list (``list_names``), whatever their rank."""
    conflicts: ClassVar[dict] = {}
    lists: ClassVar[frozenset] = frozenset()


def _conflicts(assigns, ranks, ns, param_kinds):
    seen, out = {k: v for k, v in param_kinds.items() if v is not None}, {}
    for node in assigns:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            name, r = node.targets[0].id, rank(node.value, ranks, ns)
            if r is None or r is _UNSET:
                continue
            if name in seen and seen[name] != r:
                out.setdefault(name, (node, r, seen[name]))
            seen.setdefault(name, r)
    return out


def check_extremes(stmts, ranks, active, ns):
    """Python's ``max(a, b)``/``min(a, b)`` returns one argument whole: of a number and an array
    (or arrays of different ranks) the result's shape depends on which is larger, and the
    rank-specialised adjoint would give a gradient of the wrong shape. Where a derivative flows
    through a call whose arguments' ranks are known and differ, it is refused. Where a rank is
    unknown, so is the result's (``_extreme``), and the adjoint takes the generic path that
    reads shapes when it runs (``unbroadcast``), right whichever argument is returned."""
    for node in stmts:
        for s in A.walk(node):
            if not (isinstance(s, ast.Assign) and isinstance(s.value, ast.Call) and len(s.targets) == 1
                    and isinstance(s.targets[0], ast.Name) and s.targets[0].id in active):
                continue
            fn = resolve(ns, s.value.func)
            if fn is not max and fn is not min:
                continue
            rs = [rank(a, ranks, ns) for a in s.value.args]
            if len(rs) != 2 or any(r is None or r is _UNSET for r in rs) or rs[0] == rs[1]:
                continue
            what = " and ".join("a number" if r == 0 else f"a {r}-d array" for r in rs)
            raise unsupported(getattr(s, "_s2sad_src", None), s, f"Python's `{fn.__name__}` of {what} (it "
                              "returns one of them whole, so the result's shape depends on which is larger)",
                              f"Use np.{fn.__name__}imum(a, b) for the elementwise extreme (broadcast), or "
                              f"np.{fn.__name__}(x) of one array; or make both operands numbers or arrays "
                              "of the same shape.")


def same_shape(ranks, arg, result, operands):
    """True if ``result`` must have ``arg``'s shape: equal known ranks and every
    other operand a scalar (broadcasting against scalars cannot change a shape), or
    both names' shapes proven equal (the same term in ``ranks.stable.terms``, from
    ``shapes.py``: each name has that one shape whenever it is read)."""
    r = ranks.get(arg)
    if r is None or r != ranks.get(result):
        return False
    if all(ranks.get(o.id) == 0 for o in operands if isinstance(o, ast.Name) and o.id != arg):
        return True
    terms = getattr(getattr(ranks, "stable", None), "terms", {})
    return terms.get(arg) is not None and terms.get(arg) == terms.get(result)
