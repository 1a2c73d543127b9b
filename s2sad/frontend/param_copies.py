"""Stage 1b''', copies of a parameter the build is given a list or tuple for (open47):
``ys = list(xs)`` / ``ys = [*xs]`` (and, of a list, ``xs[:]`` / ``xs.copy()``) written as the
comprehension ``[v for v in xs]``, which builds the same new list.

``Desugar`` turns ``list(xs)`` into that comprehension only where ``xs`` is proven a sequence in
the function itself; a parameter is not (it may be a dict or an iterator, which a loop by index
cannot run over), so ``list(xs)`` of a helper's parameter was refused (the fuzzer's second most
frequent refusal, 175). The build knows better: the function differentiated is given its lists
(``kinds.lists``) and a helper's call site gives what it passes (``analyses/sequence_args.py``).
Written this early, the copy is a comprehension for every later stage too (``list_mutation``
rebuilds ``ys.insert(0, s)`` / ``ys.pop()`` of a local made by one).

Invariant: rewritten only for a parameter never rebound in the function (so it holds what the
call gave when the copy runs), or a local bound once, to such a parameter (``c = xs``: the pipeline
runs this stage again after ``local_objects`` writes ``self.c = list(c)`` of ``o = Poly(xs)`` as
``o_c = xs; o_c2 = list(o_c)``), ``list`` being the builtin; ``xs[:]``/``xs.copy()`` only of a list
(of a tuple they are the tuple itself, of an array a view or an array).
"""
import ast
import builtins

from .. import astutil as A


def copies_as_comprehensions(src, fdef, namer, lists=(), sequences=()):
    stored = {n.id for n in ast.walk(fdef) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)}
    stored |= {n for s in ast.walk(fdef) if isinstance(s, (ast.Global, ast.Nonlocal)) for n in s.names}
    params = {a.arg for a in fdef.args.args + fdef.args.posonlyargs + fdef.args.kwonlyargs}
    lists = (set(lists) & params) - stored
    seqs = ((set(sequences) & params) - stored) | lists
    if not seqs:
        return      # (no sequence parameter: no alias of one either, `_aliases`; nothing to copy)
    aliases = _aliases(fdef, seqs)
    lists |= {a for a, xs in aliases.items() if xs in lists}
    seqs |= set(aliases)
    if not seqs or "list" in A.assigned_locals(fdef) or src.globals.get("list", builtins.list) is not builtins.list:
        return
    _Copies(lists, seqs, namer).visit(fdef)


def _aliases(fdef, seqs):
    """local -> the parameter of ``seqs`` it is bound to, for a local whose one store is ``a = xs``."""
    stores = {}
    for n in ast.walk(fdef):
        if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load):
            stores[n.id] = stores.get(n.id, 0) + 1
    return {s.targets[0].id: s.value.id for s in ast.walk(fdef) if isinstance(s, ast.Assign)
            and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name) and stores[s.targets[0].id] == 1
            and isinstance(s.value, ast.Name) and s.value.id in seqs}


class _Copies(ast.NodeTransformer):
    def __init__(self, lists, seqs, namer):
        self.lists, self.seqs, self.namer = lists, seqs, namer

    def generic_visit(self, node):
        node = super().generic_visit(node)
        xs = _copied(node, self.lists, self.seqs)
        return _comprehension(node, xs, self.namer) if xs is not None else node


def _copied(node, lists, seqs):
    """The parameter ``node`` copies into a new list, or None."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "list" \
            and len(node.args) == 1 and not node.keywords and isinstance(node.args[0], ast.Name) \
            and node.args[0].id in seqs:
        return node.args[0].id
    if isinstance(node, ast.List) and isinstance(node.ctx, ast.Load) and len(node.elts) == 1 \
            and isinstance(node.elts[0], ast.Starred) and isinstance(node.elts[0].value, ast.Name) \
            and node.elts[0].value.id in seqs:
        return node.elts[0].value.id
    if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load) and isinstance(node.value, ast.Name) \
            and node.value.id in lists and isinstance(node.slice, ast.Slice) \
            and node.slice.lower is node.slice.upper is node.slice.step is None:
        return node.value.id
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "copy" \
            and not node.args and not node.keywords and isinstance(node.func.value, ast.Name) \
            and node.func.value.id in lists:
        return node.func.value.id
    return None


def _comprehension(node, xs, namer):
    v = namer.fresh(f"{xs}_item")
    gen = ast.comprehension(target=A.name(v, store=True), iter=A.name(xs), ifs=[], is_async=0)
    return A.at(ast.ListComp(elt=A.name(v), generators=[gen]), node)
