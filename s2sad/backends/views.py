"""Views read through their base in compiled adjoints (part of the ``jit`` stage, last).

``t4 = qdiag[:, r]`` makes an array view: under numba a new array structure and a
reference count taken on ``qdiag``'s memory, released when ``t4`` is rebound, at every
iteration of the loops around it. GMM's adjoint makes eight such views per data
point (``qdiag[:, r]``, ``xc[:, c]``, ``icf[:, t10]``, ``x[i]``...) only to read them element
by element in its fused loops. Here a name bound only to views of a name, every read
of which comes after a binding with nothing rebinding the name, its base or its index
in between (its *span*), is replaced at each read by what it stands for:

* ``t4[_i0]`` (an index of ints and slices) -> ``qdiag[_i0, r]``, read or written;
* ``t4.shape`` -> ``(qdiag.shape[0],)``;
* ``b = zeroed(b, t4)`` (:mod:`s2sad.backends.inplace`'s ``b = zeros_like(t4)`` in a loop),
  ``b`` of ``t4``'s rank -> ``if b.shape == (qdiag.shape[0],): b.fill(0.0)`` ``else: b =
  np.zeros((qdiag.shape[0],))``: only the view's shape is read, and ``b`` is not bound again (GMM's
  ``zeroed(b_xc, tape_xc[tape_xc_n])`` made a view of the tape's row per point: 5-10% of its adjoint);
* any other read of ``t4`` -> ``qdiag[:, r]`` (the view, made where it is used);

and the binding itself becomes the bounds check the view made
(``in_range(r, qdiag.shape[1])``: IndexError unless ``-qdiag.shape[1] <= r <
qdiag.shape[1]``, a call of one compiled helper rather than a raise in the adjoint).

The same holds for a tape's row (``z = tape_z[tape_z_n]`` of :mod:`s2sad.backends.array_tapes`,
the rows' rank given by it, the counter an int since ``tape_z_n -= 1`` keeps it one) and for an
alias ``w = y`` of an array (the view ``y[:, ...]``: reads of ``w`` are reads of ``y``, and the
binding goes). A binding is judged from the first top-level statement of the function that
holds one of the name's view bindings on: the body runs once, in order, so the forward sweep's
``z = q[:, r] * x[r]`` before the reverse sweep's ``z = tape_z[tape_z_n]`` neither counts nor
changes. Under numba each binding left alone costs a reference count taken and released per
iteration when a fallback branch (a call that may raise) lies in its span (GMM: 42 of each per
data point, measured with NUMBA_DEBUG_NRT).

Invariant: the rewritten code computes what it did: a view and its base share memory,
so a read through either sees the same element at any time, and within a span the base
and the index denote what they did at the binding (nothing stores to them). Left alone:
a name read, from its first binding's top-level statement on, anywhere outside such a span
(after its block, in the next iteration before its binding) or bound there otherwise, or
read in a function defined inside the adjoint (it may run later); a base that
may be a Python list (:func:`~s2sad.analyses.list_names.lists_and_adjoints`) or tuple
(:func:`~s2sad.analyses.containers.tuple_or_list_valued`: ``s = (x[:2], x[2:])`` has a rank,
no ``.shape``), or of no known rank;
an index not proven an int (``int_names``: ``for`` targets over ``range``, int
expressions of those and of constants, shapes and ``len``), evaluated again at each read.
Only the ``jit`` stage runs it: the Python adjoint keeps its views.

Measured (GMM's adjoint with and without this rewrite, same process, calls interleaved,
loaded 2-core machine): d=10, k=25 2.15x -> 1.77x the hand-written numba adjoint; d=2,
k=5 within the noise (+5%).
"""
import ast

from .. import astutil as A
from ..analyses.containers import tuple_or_list_valued
from ..analyses.list_names import lists_and_adjoints
from ..frontend.resolve import np_ref
from .inplace import Ranks
from .numba_helpers.numba_buffers import is_float64, zeroed

_PURE_OPS = (ast.Add, ast.Sub, ast.Mult, ast.FloorDiv)


class _View:
    """A binding ``v = a[parts]``: ``parts`` normalised to ``a``'s rank (trailing ``:`` added)."""

    def __init__(self, block, pos, name, base, parts):
        self.block, self.pos, self.name, self.base, self.parts = block, pos, name, base, parts
        self.written = block[pos].value        # the view as written (read where a whole view is needed)
        self.free = [k for k, p in enumerate(parts) if isinstance(p, ast.Slice)]
        stored = {n for p in parts for n in A.names_in(p)}
        self.guarded = stored | {name, base}

    def span(self):
        """The statements after the binding up to the first one storing to a guarded name."""
        out = []
        for s in self.block[self.pos + 1:]:
            if any(isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load) and n.id in self.guarded
                   for n in A.walk(s)):
                break
            out.append(s)
        return out

    def value(self):
        return A.clone(self.written)


def _tuple(parts):
    return parts[0] if len(parts) == 1 else ast.Tuple(elts=parts, ctx=ast.Load())


def _full(p):
    return isinstance(p, ast.Slice) and p.lower is None and p.upper is None and p.step is None


def _pure_int(e, ints):
    """An int expression of names and constants, cheap and safe to evaluate again."""
    if isinstance(e, ast.Constant):
        return type(e.value) is int
    if isinstance(e, ast.Name):
        return e.id in ints
    if isinstance(e, ast.UnaryOp) and isinstance(e.op, ast.USub):
        return _pure_int(e.operand, ints)
    if isinstance(e, ast.BinOp) and isinstance(e.op, _PURE_OPS):
        return _pure_int(e.left, ints) and _pure_int(e.right, ints)
    return False


def _int_binding(value, ints, ranks):
    """``value`` is an int: an int expression, ``a.shape[k]`` of an array, ``len(a)`` or ``range``'s."""
    if _pure_int(value, ints):
        return True
    if isinstance(value, ast.BinOp) and isinstance(value.op, _PURE_OPS):
        return _int_binding(value.left, ints, ranks) and _int_binding(value.right, ints, ranks)
    if isinstance(value, ast.Subscript) and isinstance(value.value, ast.Attribute) and value.value.attr == "shape":
        return isinstance(value.value.value, ast.Name) and bool(ranks.of(value.value.value)) \
            and isinstance(value.slice, ast.Constant) and type(value.slice.value) is int
    return isinstance(value, ast.Call) and (ranks.function(value) in (len, range) or isinstance(value.func, ast.Name)
                                            and value.func.id in ("len", "range") and value.func.id not in ints.stored
                                            and value.func.id not in getattr(ranks.ns, "objects", {}))


class _Ints(set):
    """A set of names, knowing the names the function stores (a local ``range`` is not the builtin)."""

    def __init__(self, stored):
        super().__init__()
        self.stored = stored


def int_names(fdef, ranks):
    """Names that hold an int wherever they are bound: ``for`` targets over ``range(...)`` and names
    bound only to int expressions of those, constants, ``x.shape[k]`` and ``len(x)`` (by assignment
    or ``k += <int>``, ``k -= <int>``: by induction over the run, each binding stores an int)."""
    bindings = {}
    for n in A.walk(fdef):
        if isinstance(n, ast.For):
            targets, value = [n.target], n.iter
        elif isinstance(n, ast.Assign):
            targets, value = n.targets, n.value
        elif isinstance(n, ast.AugAssign) and isinstance(n.target, ast.Name) and isinstance(n.op, _PURE_OPS):
            targets, value = [n.target], ast.BinOp(left=A.name(n.target.id), op=n.op, right=n.value)  # k -= 1
        elif isinstance(n, (ast.AugAssign, ast.AnnAssign)):
            targets, value = [n.target], None
        else:
            continue
        for t in targets:
            for m in A.walk(t):
                if isinstance(m, ast.Name) and not isinstance(m.ctx, ast.Load):
                    bindings.setdefault(m.id, []).append(value if t is m else None)
    for a in fdef.args.args + fdef.args.kwonlyargs + fdef.args.posonlyargs:
        bindings.setdefault(a.arg, []).append(None)
    ints = _Ints(set(bindings))      # the largest such set: every name, less those bound otherwise
    ints |= {k for k, vs in bindings.items() if all(v is not None for v in vs)}
    while True:                     # (a counter ``k = 0``, ``k += 1``, ``k -= 1`` holds an int)
        out = {k for k in ints if not all(_int_binding(v, ints, ranks) for v in bindings[k])}
        if not out:
            return ints
        ints -= out


class _Rewriter:
    def __init__(self, fdef, ns, ranks, adjoints):
        self.fdef, self.ranks, self.ns = fdef, Ranks(ranks, adjoints, ns), ns
        tuples = tuple_or_list_valued(fdef.body)     # a tuple of arrays has a rank but no .shape
        self.lists = lists_and_adjoints(fdef, adjoints) | tuples | {b for b, v in (adjoints or {}).items() if v in tuples}
        self.params = {a.arg for a in fdef.args.args + fdef.args.kwonlyargs + fdef.args.posonlyargs}
        self.ints = int_names(fdef, self.ranks)

    def view_of(self, block, pos, s):
        """The ``_View`` binding ``s`` makes, or None."""
        if not (isinstance(s, ast.Assign) and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name)
                and (isinstance(s.value, ast.Subscript) and isinstance(s.value.value, ast.Name)
                     or isinstance(s.value, ast.Name))):
            return None
        whole = isinstance(s.value, ast.Name)         # an alias ``v = a``: the view ``a[:, ...]``
        base_node = s.value if whole else s.value.value
        base, rank = base_node.id, self.ranks.of(base_node)
        if base in self.lists or not rank:
            return None
        parts = [] if whole else list(s.value.slice.elts) if isinstance(s.value.slice, ast.Tuple) else [s.value.slice]
        if len(parts) > rank or not all(_full(p) or _pure_int(p, self.ints) for p in parts):
            return None
        parts += [ast.Slice(lower=None, upper=None, step=None) for _ in range(rank - len(parts))]
        if not any(isinstance(p, ast.Slice) for p in parts) or s.targets[0].id == base:
            return None
        return _View(block, pos, s.targets[0].id, base, parts)

    def blocks(self):
        for node in A.walk(self.fdef):
            for field in ("body", "orelse", "finalbody"):
                block = getattr(node, field, None)
                if isinstance(block, list) and block and isinstance(block[0], ast.stmt):
                    yield block

    def candidates(self):
        """name -> its view bindings, for names bound only by such bindings."""
        views = {}
        for block in self.blocks():
            for pos, s in enumerate(block):
                v = self.view_of(block, pos, s)
                if v is not None:
                    views.setdefault(v.name, []).append(v)
        self.top = {id(n): k for k, s in enumerate(self.fdef.body) for n in A.walk(s)}
        self.first = {k: min(self.top[id(v.block[v.pos])] for v in vs) for k, vs in views.items()}
        counts = {}
        for n in A.walk(self.fdef):
            if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load) and n.id in views \
                    and self.top.get(id(n), -1) >= self.first[n.id]:
                counts[n.id] = counts.get(n.id, 0) + 1
        return {k: v for k, v in views.items() if counts.get(k) == len(v) and k not in self.params}

    def rewrite_one(self, name, views):
        """Reads of ``name`` through its base if every read is in a span; True if done. Only the
        reads from the first top-level statement holding a binding on count: the function body
        runs once, in order, so those before it (a forward sweep binding ``z`` otherwise, before
        the reverse sweep's ``z = tape_z[tape_z_n]``) never see a view binding."""
        reads = {id(n) for n in A.walk(self.fdef) if isinstance(n, ast.Name) and n.id == name
                 and isinstance(n.ctx, ast.Load) and self.top.get(id(n), -1) >= self.first[name]}
        spans = [(v, v.span()) for v in views]
        covered = {id(n) for _, span in spans for s in span for n in A.walk(s)
                   if isinstance(n, ast.Name) and n.id == name}
        deferred = {n.id for f in A.walk(self.fdef) if isinstance(f, (ast.Lambda, ast.FunctionDef)) and f is not self.fdef
                    for n in A.walk(f) if isinstance(n, ast.Name)}  # a function defined here (anywhere)
        if not reads <= covered or name in deferred:                 # may read or bind it at any time
            return False
        for v, span in spans:
            sub = _Substitute(v, self.ints, self.ranks, self.ns)
            for k in range(len(span)):
                v.block[v.pos + 1 + k] = sub.visit(v.block[v.pos + 1 + k])
        for v, _ in sorted(spans, key=lambda p: -p[0].pos):
            v.block[v.pos:v.pos + 1] = _bounds_check(v, v.block[v.pos], self.ns)
        return True

    def run(self):
        done = set()
        while True:
            todo = [(k, v) for k, v in sorted(self.candidates().items()) if k not in done]
            for name, views in todo:
                done.add(name)
                if self.rewrite_one(name, views):
                    break       # the tree changed: bindings are found again
            else:
                return


class _Substitute(ast.NodeTransformer):
    """Reads of ``view.name`` in a span, through ``view.base``."""

    def __init__(self, view, ints, ranks, ns):
        self.view, self.ints, self.ranks, self.ns = view, ints, ranks, ns

    def _is_view(self, node):
        return isinstance(node, ast.Name) and node.id == self.view.name

    def visit_Subscript(self, node):
        v = node.value
        if isinstance(v, ast.Attribute) and self._is_view(v.value) and v.attr == "shape" and isinstance(
                node.slice, ast.Constant) and type(node.slice.value) is int and 0 <= node.slice.value < len(self.view.free):
            dim = ast.Attribute(value=A.name(self.view.base), attr="shape", ctx=ast.Load())   # z.shape[0]
            return A.at(ast.Subscript(value=dim, slice=A.const(self.view.free[node.slice.value]), ctx=ast.Load()), node)
        if not self._is_view(node.value):
            return self.generic_visit(node)
        node.slice = self.visit(node.slice)
        used = list(node.slice.elts) if isinstance(node.slice, ast.Tuple) else [node.slice]
        if len(used) > len(self.view.free) or not all(
                isinstance(p, ast.Slice) or _pure_int(p, self.ints) for p in used):
            node.value = self.view.value()
            return node
        parts = [A.clone(p) for p in self.view.parts]
        for k, p in zip(self.view.free, used):
            parts[k] = p
        return A.at(ast.Subscript(value=A.name(self.view.base), slice=_tuple(parts), ctx=node.ctx), node)

    def _shape(self, node):
        """``(qdiag.shape[0],)``: the view's shape, read from its base."""
        dims = [ast.Subscript(value=ast.Attribute(value=A.name(self.view.base), attr="shape", ctx=ast.Load()),
                              slice=A.const(k), ctx=ast.Load()) for k in self.view.free]
        return A.at(ast.Tuple(elts=dims, ctx=ast.Load()), node)

    def visit_Attribute(self, node):
        if self._is_view(node.value) and node.attr == "shape" and isinstance(node.ctx, ast.Load):
            return self._shape(node)
        return self.generic_visit(node)

    def visit_Call(self, node):
        if len(node.args) == 1 and self._is_view(node.args[0]) and self.ranks.function(node) is is_float64:
            node.args = [A.at(A.name(self.view.base), node)]       # a view has its base's dtype
            return node
        return self.generic_visit(node)

    def visit_Assign(self, node):
        """``b = zeroed(b, v)``, ``b`` an array of the view's rank -> ``if b.shape == <v's shape>:
        b.fill(0.0)`` ``else: b = np.zeros(<v's shape>)``: what ``zeroed`` does, with neither the
        view made for its shape nor ``b`` returned and bound again (four reference counts)."""
        v = node.value
        if not (len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) and isinstance(v, ast.Call)
                and len(v.args) == 2 and not v.keywords and isinstance(v.args[0], ast.Name)
                and v.args[0].id == node.targets[0].id and self._is_view(v.args[1])
                and self.ranks.function(v) is zeroed and self.ranks.of(v.args[0]) == len(self.view.free)):
            return self.generic_visit(node)
        b = node.targets[0].id
        same = ast.Compare(left=ast.Attribute(value=A.name(b), attr="shape", ctx=ast.Load()), ops=[ast.Eq()],
                           comparators=[self._shape(v.args[1])])
        fill = ast.Expr(value=A.call(ast.Attribute(value=A.name(b), attr="fill", ctx=ast.Load()), A.const(0.0)))
        fresh = A.assign(b, A.call(A.at(np_ref("np.zeros"), node), self._shape(v.args[1])))
        return A.at(ast.If(test=same, body=[A.at(fill, node)], orelse=[A.at(fresh, node)]), node)

    def visit_Name(self, node):
        if node.id == self.view.name and isinstance(node.ctx, ast.Load):
            return A.at(self.view.value(), node)
        return node


def _bounds_check(view, stmt, ns):
    """The IndexError the view's int indices raise when out of range (nothing for ``a[:, :]``):
    ``in_range(r, qdiag.shape[1])`` (:mod:`.numba_helpers.numba_tapes`) for each."""
    from .numba_helpers.numba_tapes import in_range
    checks = []
    for k, p in enumerate(view.parts):
        if isinstance(p, ast.Slice):
            continue
        dim = ast.Subscript(value=ast.Attribute(value=A.name(view.base), attr="shape", ctx=ast.Load()),
                            slice=A.const(k), ctx=ast.Load())
        call = A.call(A.name(ns.bind("_s2sad_in_range", in_range)), A.clone(p), dim)
        checks.append(A.at(ast.Expr(value=call), stmt))
    return checks


def rewrite(fdef, ns, ranks, adjoints):
    """Read the views of ``fdef`` (the adjoint, in place) through their bases; returns it."""
    _Rewriter(fdef, ns, ranks, adjoints).run()
    return fdef
