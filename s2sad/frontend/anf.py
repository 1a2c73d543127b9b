"""Stage 3, normalize to A-normal form: one operation per statement.

Invariant after this stage (checked by the reverse stage):

* every assignment is ``name = op(atom, ...)``, ``name = atom``,
  ``name[index] = atom`` or ``name = <opaque>``, where an *atom* is a name or
  a constant, ``op`` is one binary/unary operator, one call (keyword
  arguments are atoms; a list/tuple argument is a list/tuple of atoms) or one
  subscript ``atom[index]`` whose index parts are atoms or slices of atoms;
* an *opaque* value is a whole expression with no derivative (a comparison,
  ``x.shape[0]``, ``len(x)``, ``np.argmax(x)``): it is evaluated as written;
* the target of an operation never appears among its operands (``x = x * 2``
  becomes ``t = x * 2; x = t``);
* ``if`` tests are names; ``while`` tests are opaque; ``for`` loops run over
  ``range(atoms)``; methods and ``.T`` are canonical numpy calls
  (``x.sum()`` -> ``np.sum(x)``); augmented assignments are expanded.

This module writes the statements; expressions are :mod:`.anf_values`' and calls
:mod:`.anf_calls`' (mixins of ``ANF``).
"""
import ast

import numpy as np

from .. import astutil as A
from ..analyses.list_names import list_names, sure_sequences
from ..errors import unsupported
from . import inplace
from .calls import tuple_names
from .anf_calls import Calls
from .anf_values import Values, _flat
from .methods import generator_names
from .scipy_frozen import frozen_locals
from .set_values import looped_as_list, set_names
from .shuffles import shuffle_as_permutation
from .resolve import MISSING, np_ref, user_function


class ANF(Values, Calls):
    def __init__(self, src, namer, resolver, generated=False):
        self.src, self.namer, self.res = src, namer, resolver
        self.generated = generated    # s2sad's own adjoint (hvp): its `b_x += g` keeps b_x's type and shape
        self.fdef = None
        self.out, self.tuples, self.lists = None, set(), set()   # lists: names that may hold a list, and parameters
        self.generators = set()   # locals holding a generator made in the function (methods.generator_names)
        self.sets, self.assigned = set(), set()   # local set names (set_values.py), the locals
        self.frozen, self.frozen_bound = {}, set()   # SciPy distributions frozen in locals (scipy_frozen.py)

    def function(self, fdef):
        self.fdef = fdef        # (a helper's **kw passed on: forwarded_args.py)
        self.tuples = tuple_names(fdef, self.res.obj)
        params = fdef.args.posonlyargs + fdef.args.args + fdef.args.kwonlyargs + [fdef.args.vararg, fdef.args.kwarg]
        self.seqs = list_names(fdef, (ast.List, ast.Tuple, ast.ListComp), joins=True)
        self.lists = self.seqs | {a.arg for a in params if a}
        self.sure_seqs = sure_sequences(ast.Module(body=fdef.body, type_ignores=[]))   # (`xs.flat`: anf_values)
        self.maybe_seqs = _maybe_sequences(fdef, self.seqs)
        self.generators = generator_names(fdef, self.res.obj)
        self.sets, self.assigned = set_names(fdef, self.src.globals), set(A.assigned_locals(fdef))
        self.frozen, self.frozen_bound = frozen_locals(fdef, self.res.obj)
        fdef.body = self.block(fdef.body)
        return fdef

    def block(self, stmts):
        saved, self.out = self.out, []
        for s in stmts:
            self.stmt(s)
        out, self.out = self.out, saved
        return out

    def emit(self, node, like):
        self.out.append(A.at(node, like))

    def temp(self, value, like, base="t"):
        t = self.namer.fresh(base)
        self.namer.holds(t, value)      # (a refusal quotes the expression, not `t`)
        self.emit(A.assign(t, value), like)
        return A.name(t)

    # ---- statements -------------------------------------------------------
    def stmt(self, s):
        method = getattr(self, "stmt_" + type(s).__name__, None)
        if method is None:
            raise unsupported(self.src, s, f"a `{type(s).__name__}` statement", "Rewrite it with assignments.")
        method(s)

    def stmt_Assign(self, s):
        if len(s.targets) > 1:
            tmp = self.atom(s.value, s)
            for tgt in s.targets:
                self.stmt_Assign(A.at(ast.Assign(targets=[tgt], value=tmp), s))
            return
        if isinstance(s.targets[0], ast.Name) and self.frozen.get(s.targets[0].id) is s.value:
            return      # d = stats.norm(mu, s): each d.logpdf(x) reads the call again (scipy_frozen.py)
        into = inplace.out_call(s.value, self.res.obj(s.value.func), self.namer) \
            if isinstance(s.targets[0], ast.Name) and isinstance(s.value, ast.Call) else None
        if into is not None:    # v = np.cumsum(x, out=c): the write into c, then v = c (NumPy returns c)
            for node in into[0]:
                self.stmt(A.at(node, s))
            return self.assign(s.targets[0], into[1], s)
        self.assign(s.targets[0], s.value, s)

    def stmt_AnnAssign(self, s):
        if s.value is not None:
            self.assign(s.target, s.value, s)

    def stmt_AugAssign(self, s):
        tgt = s.target
        if isinstance(tgt, ast.Name):
            value = ast.BinOp(A.name(tgt.id), s.op, s.value)
            if not (self.generated or tgt.id in self.seqs or tgt.id in self.tuples):
                value = _stored(A.name(tgt.id), value, s)
            self.assign(tgt, value, s)
            last = self.out[-1]
            if isinstance(last, ast.Assign) and isinstance(last.targets[0], ast.Name) and last.targets[0].id == tgt.id:
                last._s2sad_inplace = True  # on an array, `x += v` changes x's buffer (see analyses/alias.py)
            return
        tgt = _flat_target(tgt)
        if isinstance(tgt, ast.Subscript) and _viewed(tgt.value):
            base = self.atom(tgt.value, s)  # B[i][j] += v: B[i] is a view; the alias stage writes it back
            idx = self.index(tgt.slice, s)
            old = self.temp(ast.Subscript(value=A.name(base.id), slice=idx, ctx=ast.Load()), s)
            new = self.atom(ast.BinOp(old, s.op, s.value), s)
            store = A.assign(ast.Subscript(value=A.name(base.id), slice=A.clone(idx), ctx=ast.Store()), new)
            store._s2sad_aug = old.id   # on a list of arrays, `xs[i] += v` updates the element in place
            return self.emit(store, s)
        raise unsupported(self.src, s, "this augmented assignment", "Assign to a local name.")

    def stmt_Expr(self, s):
        if A.is_docstring(s):
            return
        call = s.value
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "append" \
                and isinstance(call.func.value, ast.Name) and self.res.obj(call.func.value) is MISSING \
                and len(call.args) == 1 and not call.keywords:
            return self.append(call.func.value.id, call.args[0], s)
        shuffled = shuffle_as_permutation(call, self.generators, self.res.obj, self.lists | self.tuples)
        if shuffled is not None:    # rng.shuffle(a) -> a[:] = a[rng.permutation(len(a))]
            return self.stmt(A.at(shuffled, s))
        writes = inplace.fill(call, lambda name: self.res.obj(name) is MISSING or isinstance(
            self.res.obj(name), np.ndarray), lambda name: self.res.obj(name) is MISSING and name.id not in self.lists) or (
            # a local, or a module's array (BUF.fill(0.0)); a local array, not a list (a.sort())
            inplace.rewrite(call, self.res.obj(call.func), self.namer) if isinstance(call, ast.Call) else None)
        for node in writes or ():  # np.add.at(a, i, v), np.fill_diagonal(a, v), a.fill(v): assignments to `a`
            self.stmt(A.at(node, s))
        if writes is None and user_function(self.res.obj(call.func) if isinstance(call, ast.Call) else None):
            self.helper_args(call, s)
        if writes is None:
            self.emit(s, s)  # a call kept for its side effect (print, assert helpers)

    def helper_args(self, call, s):
        """apply_bc(u, B[0][-1]): inlined for its effect, a helper binds its parameters to the arguments
        (transforms/inline.py): each becomes one operation over atoms; `us[0]` stays (a view or element)."""
        def arg(a):
            v = self.value(a, s)
            return v if A.is_atom(v) or isinstance(v, ast.Subscript) and isinstance(v.value, ast.Name) \
                else self.temp(v, s)
        call.args = [a if isinstance(a, ast.Starred) else arg(a) for a in call.args]
        call.keywords = [ast.keyword(arg=k.arg, value=arg(k.value)) if k.arg else k for k in call.keywords]

    def append(self, lst, value, s):
        """``xs.append(v)`` -> ``pos = len(xs); xs.append(v)``: the element's index, for its adjoint."""
        pos = self.namer.fresh("pos")
        self.emit(A.assign(pos, A.call("len", lst)), s)
        atom = self.atom(value, s)
        node = ast.Expr(value=A.call(ast.Attribute(value=A.name(lst), attr="append", ctx=ast.Load()), atom))
        node._s2sad_append = (lst, pos)
        self.emit(node, s)

    def stmt_If(self, s):
        test = self.test(s.test, s)
        body, orelse = self.block(s.body), self.block(s.orelse)
        self.emit(ast.If(test=test, body=body or [A.at(ast.Pass(), s)], orelse=orelse), s)

    def stmt_While(self, s):
        loop = ast.While(test=s.test, body=self.block(s.body) or [A.at(ast.Pass(), s)], orelse=[])
        loop._s2sad_stops = getattr(s, "_s2sad_stops", None)   # a `for` left by break or return (lower.py)
        self.emit(loop, s)

    def stmt_For(self, s):
        rng = ast.Call(func=s.iter.func, args=[self.atom(a, s) for a in s.iter.args], keywords=[])
        loop = ast.For(target=s.target, iter=rng, body=self.block(s.body) or [A.at(ast.Pass(), s)], orelse=[])
        loop._s2sad_comprehension = getattr(s, "_s2sad_comprehension", False)
        loop._s2sad_seq = getattr(s, "_s2sad_seq", False)   # lower.py: over a sequence, not a range
        self.emit(loop, s)

    def stmt_Return(self, s):
        value = s.value
        if isinstance(value, ast.Tuple):
            value = ast.Tuple(elts=[self.atom(e, s) for e in value.elts], ctx=ast.Load())
        else:
            value = self.atom(value, s)
        self.emit(ast.Return(value=value), s)

    def stmt_Pass(self, s):
        pass

    def stmt_Assert(self, s):
        self.emit(s, s)

    stmt_Raise = stmt_Assert

    def assign(self, tgt, value, s):
        if isinstance(tgt, ast.Name):
            v = self.value(value, s)
            if isinstance(v, ast.Name) and v.id == tgt.id:
                return
            if not A.is_atom(v) and not getattr(v, "_opaque", False) and tgt.id in A.names_in(v):
                v = self.temp(v, s)
            return self.emit(A.assign(tgt.id, v), s)
        if isinstance(tgt, ast.Tuple) and all(isinstance(e, ast.Name) for e in tgt.elts):
            return self.assign_tuple(tgt, value, s)
        if isinstance(tgt, ast.Tuple) and isinstance(value, (ast.Tuple, ast.List)) \
                and len(value.elts) == len(tgt.elts):
            # a[i], b[j] = u, v: evaluate every value first, then store them in order
            temps = [self.temp(self.value(e, s), s) for e in value.elts]
            for t, v in zip(tgt.elts, temps):
                self.assign(t, v, s)
            return
        if isinstance(tgt, ast.Tuple):
            # out[i, 0], out[i, 1] = f(x): unpack into fresh names, then store them in order, as Python does
            temps = [self.namer.fresh("u") for _ in tgt.elts]
            self.assign_tuple(ast.Tuple(elts=[A.name(t, store=True) for t in temps], ctx=ast.Store()), value, s)
            for t, v in zip(tgt.elts, temps):
                self.assign(t, A.name(v), s)
            return
        tgt = _flat_target(tgt)
        if isinstance(tgt, ast.Subscript) and _viewed(tgt.value):
            v = self.atom(value, s)
            base = self.atom(tgt.value, s)  # B[i][j] = v: B[i] is a view; the alias stage writes it back
            idx = self.index(tgt.slice, s)
            if isinstance(v, ast.Name) and isinstance(base, ast.Name) and v.id == base.id:
                # y[::-1] = y: NumPy reads the whole of y before writing (it copies an overlapping value);
                # each stage reads `y[idx] = t` as a write of another array, so t is that copy
                v = self.temp(ast.Call(func=np_ref("np.copy"), args=[A.name(v.id)], keywords=[]), s)
            return self.emit(A.assign(ast.Subscript(value=A.name(base.id), slice=idx, ctx=ast.Store()), v), s)
        raise unsupported(self.src, s, "this assignment target", "Assign to a name or to `array[index]`.")

    def assign_tuple(self, tgt, value, s):
        names = [e.id for e in tgt.elts]
        value = looped_as_list(value, self.sets, self.src.globals, self.assigned)   # a set: no index (set_values.py)
        if isinstance(value, (ast.Tuple, ast.List)) and len(value.elts) == len(names):
            atoms = [self.atom(e, s) for e in value.elts]
            atoms = [self.temp(a, s) if isinstance(a, ast.Name) and a.id in names else a for a in atoms]
            for n, a in zip(names, atoms):
                self.emit(A.assign(n, a), s)
            return
        v = self.value(value, s)
        if getattr(v, "_opaque", False) or (isinstance(v, ast.Call) and self.res.call_kind(v) == "helper"):
            return self.emit(A.assign(ast.Tuple(elts=[A.name(n, store=True) for n in names], ctx=ast.Store()), v), s)
        tmp = v if isinstance(v, ast.Name) else self.temp(v, s)
        self.unpack_length(tmp.id, len(names), s)
        for i, n in enumerate(names):
            self.emit(A.assign(n, ast.Subscript(value=A.name(tmp.id), slice=A.const(i), ctx=ast.Load())), s)

    def unpack_length(self, name, n, s):
        """``a, b = v`` read as ``a = v[0]; b = v[1]`` keeps Python's check that ``v`` has exactly
        two items (more were silently ignored: a gradient of a function that raises)."""
        test = ast.Compare(left=A.call("len", A.name(name)), ops=[ast.NotEq()], comparators=[A.const(n)])
        error = A.call("ValueError", A.const(f"wrong number of values to unpack (expected {n})"))
        self.stmt_If(A.at(ast.If(test=test, body=[A.at(ast.Raise(exc=error, cause=None), s)], orelse=[]), s))


def _maybe_sequences(fdef, seqs):
    """``seqs`` (names that may hold a list or tuple) and the names bound to ``a if c else b`` with
    such a branch (a display, a comprehension or one of them; nested choices too), to a fixed point."""
    def branches(v):
        return branches(v.body) + branches(v.orelse) if isinstance(v, ast.IfExp) else [v]
    choices = [(n.targets[0].id, branches(n.value)) for n in ast.walk(fdef) if isinstance(n, ast.Assign)
               and isinstance(n.targets[0], ast.Name) and isinstance(n.value, ast.IfExp)]
    out, changed = set(seqs), True
    while changed:
        more = {name for name, bs in choices if any(isinstance(b, (ast.List, ast.Tuple, ast.ListComp))
                                                    or isinstance(b, ast.Name) and b.id in out for b in bs)}
        changed, out = bool(more - out), out | more
    return out


def _flat_target(tgt):
    """``x.flat[i]`` (``=`` or ``+=``) writes ``x``'s i-th element in C order: ``np.ravel(x)[i]``,
    written back into ``x`` where ``np.ravel(x)`` is provably a view (a C-contiguous ``x``) and
    refused, located, where NumPy could copy (``analyses/alias_chain.py``)."""
    if not (isinstance(tgt, ast.Subscript) and _flat(tgt.value)):
        return tgt
    ravel = ast.Call(func=np_ref("np.ravel"), args=[tgt.value.value], keywords=[])
    return A.at(ast.Subscript(value=ravel, slice=tgt.slice, ctx=ast.Store()), tgt)


def _viewed(node):
    """A store target's array: a name, ``B[i]``, ``W.T`` or a call (``x.reshape(3, 3)``), evaluated
    once into a temporary as Python does; when it is a view, the alias stage writes the store
    back into what it views (``analyses/alias_chain.py``), and when it is a new array the store
    changes nothing else, as in NumPy."""
    return isinstance(node, (ast.Name, ast.Subscript, ast.Call)) or isinstance(node, ast.Attribute) \
        and node.attr == "T"


def _stored(target, value, s):
    """``cast_like(value, target)``: what ``target op= v`` leaves in ``target`` when it is an array
    (NumPy computes into its buffer: the result in its dtype, float32 rounded; NumPy's TypeError
    for a float into an integer array, its ValueError for a result of another shape). A list
    (``xs += [v]``) or tuple target keeps the plain value; a number is returned as it is."""
    if isinstance(s.op, ast.Add) and isinstance(s.value, (ast.List, ast.Tuple, ast.ListComp)):
        return value
    from ..rules import runtime
    cast = A.name("cast_like")
    cast._s2sad_obj = runtime.cast_like
    return ast.Call(func=cast, args=[value, target], keywords=[])
