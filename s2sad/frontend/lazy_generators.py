"""Stage 1b', lazy generators: a generator expression computes its items when they are read.

``desugar`` computes every comprehension into a list where it is written. For a generator
expression Python computes each item when it is read, and only once. The two agree when the
reader takes every item at once (``sum(e for ...)``, ``list(...)``, ``np.stack(...)``, a
comprehension's iterable); they differ when the generator is kept in a name (``g = (...)``: read
later, after what it reads has changed, or read twice, the second time empty) or read by a
``for`` whose body changes what it reads. This stage makes the two agree or refuses:

- ``g = (e for v in xs)`` read once, later in the same block (not in a loop the assignment is
  not in), by a reader of the kind above, with nothing in between writing a name it reads: the
  generator moves to where it is read. Otherwise a located refusal.
- a generator expression passed to a function of the user's (which may read it later, or twice):
  refused.
- ``for t in (e for v in xs if c): body`` (also one item of ``zip(...)`` / ``enumerate(...)``,
  without ``if``) becomes ``for v_ in xs: if c: t = e; body``, computing each item when the
  loop reaches it, as Python does (``v_`` a fresh name). A generator with several ``for``s read
  by a loop whose body writes is refused.

Invariant: after this stage, every generator expression left is read at once where it is
written, so computing it there into a list is exact.
"""
import ast
import builtins
import types

import numpy as np

from .. import astutil as A
from ..errors import unsupported
from .generator_nexts import nexts_then_rest

ADVICE = "Write a list comprehension `[...]` where it is written, or put the generator where it is read."
MUTATING = {"append", "extend", "insert", "pop", "remove", "clear", "sort", "reverse", "fill", "resize", "put",
            "itemset", "update", "setdefault", "popitem", "at", "shuffle"}
ONE_AT_A_TIME = {"next", "iter"}


def lazy_generators(src, fdef, namer):
    """Rewrite ``fdef`` in place (see the module's docstring)."""
    _Lazy(src, fdef, namer).block(fdef.body)
    for node in A.walk(fdef):
        if isinstance(node, ast.Call) and not _library(node.func, src):
            callee = A.dotted_path(node.func) or "a function"
            for arg in node.args:
                if isinstance(arg, ast.GeneratorExp):
                    raise unsupported(src, arg, f"a generator expression passed to `{callee}` (s2sad computes it "
                                      "where it is written; the function may read it later or twice)", ADVICE)


class _Lazy:
    def __init__(self, src, fdef, namer):
        self.src, self.namer, self.fdef = src, namer, fdef

    def block(self, stmts):
        k = 0
        while k < len(stmts):
            s = stmts[k]
            if _stored_generator(s):
                self.move_stored(stmts, k)
                continue            # the statement at k is the next one now
            for field in ("body", "orelse"):
                if isinstance(getattr(s, field, None), list) and not isinstance(s, ast.FunctionDef):
                    self.block(getattr(s, field))
            if isinstance(s, ast.For):
                self.for_loop(s)
            k += 1

    def move_stored(self, stmts, k):
        s = stmts[k]
        name, gen = s.targets[0].id, s.value
        reads = [n for n in A.walk(self.fdef) if isinstance(n, ast.Name) and n.id == name]
        stores = [n for n in reads if not isinstance(n.ctx, ast.Load)]
        loads = [n for n in reads if isinstance(n.ctx, ast.Load)]
        later = next((j for j in range(k + 1, len(stmts)) if any(n is loads[0] for n in A.walk(stmts[j]))), None) \
            if len(loads) == 1 else None
        if len(stores) != 1 or later is None or not self._read_at_once(stmts[later], loads[0]) \
                or _writes(stmts[k + 1:later], self.src) & _reads(gen, first=True):
            if nexts_then_rest(self, stmts, k, _writes, _reads, _library, _repeated):    # next(g), then the rest
                return
            raise unsupported(self.src, s, f"the generator expression kept in `{name}` (s2sad computes it where "
                              "it is written, Python when it is read, once: here they can differ)", ADVICE)
        A.replaced(stmts[later], loads[0], gen)
        del stmts[k]

    def _read_at_once(self, stmt, load):
        """``load`` is read once by ``stmt``, at once: the iterable of a ``for`` or of a
        comprehension, or the argument of a builtin or NumPy function, not in a loop's body."""
        if _repeated(stmt, load):
            return False
        for node in A.walk(stmt):
            if isinstance(node, (ast.For, ast.comprehension)) and node.iter is load:
                return True
            if isinstance(node, ast.Call) and any(a is load for a in node.args):
                return _library(node.func, self.src) and A.dotted_path(node.func) not in ONE_AT_A_TIME
        return False

    def for_loop(self, s):
        gens = _loop_generators(s.iter, self.src)
        if not gens:
            return
        if isinstance(s.iter, ast.GeneratorExp) and len(s.iter.generators) == 1:
            item = self._inline(s.iter)
            s.body = _guarded(s.iter, [A.at(ast.Assign(targets=[s.target], value=item), s)] + s.body, s)
            s.target, s.iter = s.iter.generators[0].target, s.iter.generators[0].iter
            return
        offset = 1 if isinstance(s.iter, ast.Call) and _is(s.iter.func, enumerate, self.src) else 0
        if isinstance(s.iter, ast.Call) and all(len(g.generators) == 1 and not g.generators[0].ifs for g in gens) and (
                not offset or len(s.iter.args) == 1) and isinstance(s.target, ast.Tuple) \
                and len(s.target.elts) == len(s.iter.args) + offset:
            self._inline_items(s, offset)
            return
        if any(_writes(s.body, self.src) & _reads(g) for g in gens):
            raise unsupported(self.src, s.iter, "a generator expression read by a `for` whose body writes what "
                              "it reads (Python computes each item when the loop reaches it)", ADVICE)

    def _inline(self, gen):
        """The generator's item, its own variables renamed fresh (they are local to it)."""
        comp = gen.generators[0]
        rename = {n.id: self.namer.fresh(n.id + "_") for n in ast.walk(comp.target) if isinstance(n, ast.Name)}
        for node in [comp.target] + comp.ifs + [gen.elt]:
            for n in ast.walk(node):
                if isinstance(n, ast.Name) and n.id in rename:
                    n.id = rename[n.id]
        return gen.elt

    def _inline_items(self, s, offset):
        """``for i, t in enumerate(e for v in xs)`` -> ``for i, v_ in enumerate(xs): t = e``."""
        pre = []
        for k, arg in enumerate(s.iter.args):
            if isinstance(arg, ast.GeneratorExp):
                item = self._inline(arg)
                pre.append(A.at(ast.Assign(targets=[s.target.elts[k + offset]], value=item), s))
                s.target.elts[k + offset] = arg.generators[0].target
                s.iter.args[k] = arg.generators[0].iter
        s.body = pre + s.body


def _repeated(node, load, inside=False):
    """Whether ``load`` (under ``node``) is evaluated repeatedly: in a loop's body or test, a
    comprehension's element or later iterables, a lambda."""
    if node is load:
        return inside
    if isinstance(node, ast.For):
        return _repeated(node.iter, load, inside) or any(_repeated(b, load, True) for b in node.body + node.orelse)
    if isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
        first = node.generators[0].iter
        if any(n is load for n in A.walk(first)):
            return _repeated(first, load, inside)
        return any(n is load for n in A.walk(node))     # anywhere else: once per item
    if isinstance(node, (ast.While, ast.Lambda)):
        return any(_repeated(c, load, True) for c in ast.iter_child_nodes(node))
    return any(_repeated(c, load, inside) for c in ast.iter_child_nodes(node))


def _guarded(gen, body, like):
    for cond in reversed(gen.generators[0].ifs):
        body = [A.at(ast.If(test=cond, body=body, orelse=[]), like)]
    return body


def _stored_generator(s):
    return A.bound_name(s) is not None and isinstance(s.value, ast.GeneratorExp)


def _loop_generators(it, src):
    if isinstance(it, ast.GeneratorExp):
        return [it]
    if isinstance(it, ast.Call) and (_is(it.func, zip, src) or _is(it.func, enumerate, src)) and not it.keywords:
        return [a for a in it.args if isinstance(a, ast.GeneratorExp)]
    return []


def _is(func, obj, src):
    return isinstance(func, ast.Name) and func.id == obj.__name__ and _lookup(src, func.id) is obj


def _lookup(src, name):
    try:
        return src.lookup(name)
    except KeyError:
        return None


def _library(func, src):
    path = A.dotted_path(func)
    if path is None:
        return False
    root, *rest = path.split(".")
    obj = _lookup(src, root)
    if obj is builtins or isinstance(obj, types.ModuleType) and (obj.__name__.startswith("numpy")
                                                                 or obj.__name__ == "math"):
        return not rest or rest[-1] not in MUTATING
    return not rest and getattr(builtins, root, None) is obj and obj is not None


def _reads(gen, first=False):
    """The names a generator reads as it runs (its first iterable too when ``first``)."""
    own = {n.id for c in gen.generators for n in ast.walk(c.target) if isinstance(n, ast.Name)}
    parts = [gen.elt] + [i for c in gen.generators for i in c.ifs] + [c.iter for c in gen.generators[1:]]
    parts += [gen.generators[0].iter] if first else []
    return {n.id for p in parts for n in ast.walk(p) if isinstance(n, ast.Name)} - own


def _writes(stmts, src):
    """Names ``stmts`` may write: stored, written into (``y[i] = ...``, ``y.append``), or passed to
    a function that may write into its arguments (anything but builtins and NumPy without ``out=``)."""
    out = set()
    for s in stmts:
        for n in ast.walk(s):
            if isinstance(n, (ast.Name, ast.Subscript, ast.Attribute)) and isinstance(n.ctx, (ast.Store, ast.Del)):
                out.add(root_name(n))
            elif isinstance(n, ast.Call):
                out |= call_writes(n, src)
    return out - {None}


def call_writes(call, src):
    """The names (roots) a call may write into: its receiver for a method that changes it
    (``y.append``), its arguments unless it is a builtin's or NumPy's without ``out=``."""
    out = set()
    if isinstance(call.func, ast.Attribute) and call.func.attr in MUTATING:
        out.add(root_name(call.func.value))
    if not _library(call.func, src) or any(k.arg == "out" for k in call.keywords) or _is_numpy_writer(call, src):
        out.update(root_name(a) for a in call.args)
        out.update(root_name(k.value) for k in call.keywords)
    return out - {None}


def _is_numpy_writer(call, src):
    path = A.dotted_path(call.func) or ""
    return path.split(".")[-1] in {"copyto", "place", "putmask", "fill_diagonal", "put_along_axis", "put", "at"} \
        and isinstance(_lookup(src, path.split(".")[0]), type(np))


def root_name(node):
    """The name a read or write through attributes, items and ``*`` starts from, or None."""
    while isinstance(node, (ast.Subscript, ast.Attribute, ast.Starred)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None
