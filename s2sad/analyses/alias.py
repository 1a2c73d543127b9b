"""Alias model: which names may share memory, and what a write through one of them means.

In NumPy ``row = B[k]`` is a view, ``y = x`` the same object, and ``row /= n`` or
``row[j] = v`` changes every name that shares the buffer. The normalized form
treats each name as its own value, so after this stage **a write never changes
a name that is read later, except the name written**. The stage makes that true
by rewriting, or refuses:

* a write to ``n`` (``n[i] = v``, or ``n op= v`` on an array, which the normal
  form rebinds as ``n = t``) is followed by a *write-back* for every other name
  ``m`` that shares ``n``'s memory and is read afterwards:
  ``m[idx] = n`` when ``n = m[idx]`` is a view of ``m`` (basic indexing),
  ``m = n`` when they are the same object, ``m = n[idx]`` when ``m`` is a view of
  ``n`` — provided ``idx`` and both names are unchanged since the view was
  taken. A write-back is itself a write (to ``m``), followed by its own write-backs;
* otherwise, when ``n`` and ``m`` are linked by chains of views meeting at one name (views
  of views, ``C.T``, ``y.reshape(3, 3)``, a view of a copy, two views of one array), the write
  is carried along the path: each view inverted up to the meeting name, each view taken
  again down to ``m`` (``analyses/alias_chain.py``, whose docstring states when that is
  sound; where NumPy may copy instead of viewing, the write is refused, located). Those
  statements are *settled*: neither a new write nor a new binding of a buffer;
* otherwise, when ``m`` took its one view of such a name ``r`` in another loop iteration or
  branch than the write (``for a, b in zip(y, y)`` while the body rebinds ``y``), the write is
  carried up to ``r`` and ``m``'s view is taken again under a flag the program sets at the view
  and clears at every other binding of ``m`` or ``r`` (``analyses/alias_guard.py``, whose
  docstring states when that is sound: every such binding makes a new array);
* any other sharing (a name rebound to what may be a view, lists holding arrays, globals) is
  refused with a located error; so is a write into a list element that another position of
  the list may hold too (``analyses/alias_lists.py``);
* a parameter whose memory is written (directly or through an alias) is copied
  on entry (``x = np.copy(x)``): the caller's arrays are never modified.

Names that hold scalars never alias (numbers are immutable), except a 0-d array (``np.copy(b)``
of a number, ``np.reshape(y, ())``: ``alias_flow._makes_0d_array``) and the names copied from it.
The program-order facts this stage decides from (flattening, stores, liveness) are in
``alias_flow.py``; which binding of a name reaches a statement, in ``alias_reach.py``.
"""
import ast

import numpy as np

from .. import astutil as A
from ..effect_errors import HARMLESS_EFFECTS, effect_refusal
from ..errors import unsupported
from ..frontend.resolve import np_ref
from ..rules.schedule import param_snapshot, snapshot
from .alias_chain import path_writeback, view_step
from .alias_distinct import Apart
from .alias_flow import (
    _ambiguous_zero_d,
    _flatten,
    _has_slice,
    _lists,
    _liveness,
    _may_hold_tuple,
    _same_list,
    _zero_d_arrays,
)
from .alias_guard import guarded_writeback
from .alias_lists import check_list_updates, distinct_elements
from .alias_points import PointsTo
from .alias_reach import Reaching
from .alias_sharing import Sharing
from .alias_views import is_new, write_form, writes_into
from .ir import resolve, walk_ops

MAX_WRITEBACKS = 200
IMMUTABLE = (bool, int, float, complex, np.generic, str, bytes, type(None))


class Aliasing(Sharing, Reaching):
    def __init__(self, src, ns, ranks, params, namer, sequences=(), numbers=()):
        self.src, self.ns, self.ranks, self.params, self.namer = src, ns, ranks, params, namer
        self.sequences = set(sequences)   # the parameters passed a list or tuple (of arrays)
        self.number_params = set(numbers) & self.sequences   # of those, the ones passed only numbers
        # (a global number holds no buffer: nothing written can change it)
        self.globals = {g for g, v in ns.objects.items() if not isinstance(v, IMMUTABLE)}
        self.zero_d = set()
        self.either_0d = set()   # of zero_d: may also hold a number
        self.points, self._apart, self._apart_body = None, False, None

    def run(self, body, tail=()):
        """``body`` with write-backs and parameter copies; ``tail`` (the return) is renamed too."""
        self.tail, self.body = list(tail), body
        done = set()
        for _ in range(MAX_WRITEBACKS):
            flat = _flatten(body)
            self.live_out = {}
            _liveness(body, {n for t in self.tail for n in A.names_in(t)}, self.live_out)  # the return reads
            ops = walk_ops(body, self.ns)
            self.zero_d = _zero_d_arrays(ops, self.ranks)
            self.either_0d = _ambiguous_zero_d(ops, self.ranks, self.zero_d)
            self.lists = _lists(flat) | self.sequences    # a list parameter holds arrays too
            groups = self.groups(ops)
            points = PointsTo(self, self.lists)
            self.points = points if points.run(body) is not None else None
            self._apart, self._apart_body = None, body   # made when first asked: apart_facts()
            check_list_updates(self, flat, groups)
            self.check_hidden_writes(flat)
            step = self.next_writeback(flat, groups, done)
            if step is None:
                return self.copy_params(body, flat, groups)
            entry, stmts = step
            settled = isinstance(stmts, list)   # along a chain of views (alias_chain.py, alias_guard.py)
            at = next(i for i, s in enumerate(entry.block) if s is entry.stmt)   # (a flag may have come before)
            for i, stmt in enumerate(stmts if settled else [stmts]):
                entry.block.insert(at + 1 + i, A.at(stmt, entry.stmt))
                for node in [stmt] + (stmt.body if isinstance(stmt, ast.If) else []):
                    node._s2sad_src = getattr(entry.stmt, "_s2sad_src", None)
                    node._s2sad_writeback = True
                    node._s2sad_settled = settled
        raise unsupported(self.src, body[0], "this many writes through shared arrays",
                          "Copy arrays before writing into them (`y = x.copy()`).")

    def check_hidden_writes(self, flat):
        """Refuse a call that writes into an array it is given, which no assignment shows: its
        ``out=`` (or a ufunc's extra positional argument), or a local array passed to a call
        kept for its effect (``c.fill(0.0)``, ``np.copyto(c, v)``, ``rng.shuffle(c)``)."""
        for k, e in enumerate(flat):
            s = e.stmt
            call = None if e.header or hasattr(s, "_s2sad_append") else getattr(s, "value", None)
            if not isinstance(call, ast.Call):
                continue
            fn = resolve(self.ns, call.func)
            out = writes_into(fn, call)
            if out is not None and isinstance(s, ast.Expr):
                said, out = self.as_written(s, out)
                raise effect_refusal(self.src, said, fn, ast.unparse(out), "the array", out)
            if out is not None:
                how, instead = write_form(fn, call)
                said = self.spelled(out.id, k, flat) if isinstance(out, ast.Name) else ast.unparse(out)
                raise unsupported(self.src, s, f"{how}: the call writes its result into `{said}` "
                                  "in place, which s2sad does not follow", instead)
            if isinstance(s, ast.Expr) and fn not in HARMLESS_EFFECTS and not is_new(fn):
                receiver = [call.func.value] if isinstance(call.func, ast.Attribute) else []
                for arg in receiver + list(call.args) + [k.value for k in call.keywords]:
                    name = A.base_name(arg)     # c, or c[1:] of it
                    if name is not None and name not in self.lists and (
                            self.ranks.get(name) not in (0, None) or name in self.zero_d):
                        said, _ = self.as_written(s)
                        raise effect_refusal(self.src, said, fn, self.namer.written.get(name, name), "the array")

    # ---- which names may share memory --------------------------------------
    # ---- writes and their write-backs ---------------------------------------
    def writes(self, flat):
        for k, e in enumerate(flat):
            s = e.stmt
            if e.header or not isinstance(s, ast.Assign) or getattr(s, "_s2sad_settled", False):
                continue   # (a settled write-back: its sharers were handled at the write it carries)
            t = s.targets[0]
            if isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name):
                yield k, t.value.id
            elif getattr(s, "_s2sad_inplace", False) and isinstance(t, ast.Name) and self.may_alias(t.id):
                yield k, t.id

    def next_writeback(self, flat, groups, done):
        lists = self.lists
        for k, n in sorted(list(self.writes(flat)) + _appends(flat)):
            w = flat[k]
            members = self.sharers(n, w, groups)
            appended = isinstance(w.stmt, ast.Expr)   # xs.append(v): other names of the list see it
            if n in lists or appended:      # lst[i] = v rebinds an element: only other names of the same list see it
                members = _same_list(n, flat, lists | {n}) - {n}
                if self.points is not None:   # ... that hold it here (`xs = []` in a loop makes a new list)
                    members &= self.same_list_here(w.stmt, n, flat)
            for m in sorted(members):
                if (id(w.stmt), m) in done:
                    continue
                if (self.ranks.get(n) is None or n in self.either_0d) and not appended \
                        and not isinstance(w.stmt.targets[0], ast.Subscript) \
                        and self.read_after(m, k, flat) and not self.sliced(n, k, flat):
                    n, m = self.namer.as_written(n), self.namer.as_written(m)   # the user's names (not `L2`)
                    raise unsupported(self.src, w.stmt, f"`{n} op= ...` while `{m}` may share its memory: s2sad "
                                      f"cannot tell here whether `{n}` is an array (updated in place, so `{m}` "
                                      "changes too) or a number (rebound)",
                                      f"Write `{n} = {n} + ...` (a new value), or copy first "
                                      f"(`{n} = np.copy({m})`).")
                if m in self.globals:
                    n, said = self.namer.as_written(n), self.namer.as_written(m)
                    raise unsupported(self.src, w.stmt, f"a write through `{n}`, which shares memory with the "
                                      f"global `{said}` (it would change `{said}` for every later call)",
                                      f"Copy it first: `{n} = np.copy({said})`." if isinstance(
                                          self.ns.objects.get(m), np.ndarray) else
                                      f"Copy what you read from `{said}` first: `{n} = np.copy(...)`.")
                if m in self.sequences:     # an object, a list or a tuple argument
                    self.refuse_attribute_write(n, m, w, groups, flat)
                if not self.read_after(m, k, flat):
                    continue
                done.add((id(w.stmt), m))
                stmt = self.writeback(n, m, k, flat)
                if stmt is not None:
                    return w, stmt
        return None

    def same_list_here(self, stmt, n, flat):
        """The names that may hold the list object ``n`` holds just before ``stmt``, by the
        flow-sensitive analysis: of the buffers a list name holds, only those a statement binding a
        list made (and parameters', globals') count, not those of the arrays it holds, so
        ``pts = [... for i in ...]`` in a loop (a new list each time, holding new arrays made by the
        same statements as the old list's) is not the old ``pts``."""
        made = {id(e.stmt) for e in flat if not e.header and isinstance(e.stmt, ast.Assign)
                and self.lists & {t.id for t in A.walk(e.stmt.targets[0]) if isinstance(t, ast.Name)}}
        state = self.points.before.get(id(stmt), {})

        def lists_of(name):
            return {b for b in self.points.get(state, name) if b[0] in ("param", "global") or b[1] in made}
        mine = lists_of(n)
        names = set(state) | {b[1] for b in mine if b[0] == "global"}
        return {m for m in names if m != n and lists_of(m) & mine}

    def sharers(self, n, w, groups):
        """The other names that may hold ``n``'s buffer just before the write ``w``: from the
        flow-sensitive analysis, or all of ``n``'s group if it did not settle."""
        out = groups.get(n, set()) - {n} if self.points is None else self.points.sharers(w.stmt, n)
        apart = self.apart_facts() if out else None
        if apart:   # apart for sure (`cur, nxt = nxt, cur`: alias_distinct.py)
            out = {m for m in out if not apart.apart(w.stmt, n, m)}
        return out

    def apart_facts(self):
        """This round's must-not-share facts (``alias_distinct.py``), made when first asked (most
        functions never ask); False if they did not settle."""
        if self._apart is None:
            self._apart = Apart(self, self.lists).run(self._apart_body) or False
        return self._apart

    def sliced(self, n, k, flat):
        """True if at flat[k] ``n`` is an array whatever its rank: a slice of a name (``g = pos[:-1]``;
        slicing a number raises), or a view NumPy makes of an array (``s = np.squeeze(y)``: a 0-d
        array when ``y`` has one element, still updated in place)."""
        d = self.definition(n, k, flat)
        v = flat[d].stmt.value if d is not None else None
        if isinstance(v, ast.Call) and view_step(self, n, d, flat) is not None:
            return True   # (view_step takes calls of arrays of known rank only)
        return isinstance(v, ast.Subscript) and _has_slice(v.slice)

    def refuse_tuple_store(self, m, k, flat):
        """The write-back ``m[i] = n`` cannot store into a tuple (``xs = (a, b)``; ``for x in xs:
        x += 1.0`` changes the array the tuple holds): refused, located, not a TypeError inside the
        derivative code; also an item of a list of tuples (``s = pairs[k]``), and where no one binding
        of ``m`` reaches the write (rebound round a loop or in a branch) and one of them may be a tuple."""
        d = self.definition(m, k, flat)
        if _may_hold_tuple(m, flat, flat[d].stmt.value if d is not None else None):
            m = self.namer.as_written(m)
            raise unsupported(self.src, flat[k].stmt, f"a write into an array held by the tuple `{m}`",
                              "Write a new array (`x = x + ...`), or hold copies in a list "
                              "(`[a.copy(), b.copy()]`), whose elements s2sad updates.")

    def makes_new(self, op):
        """True if ``op``'s result may be a new buffer even when it may also share one."""
        return op.kind in ("helper", "pack", "append")

    def read_after(self, m, k, flat):
        """``m``'s buffer is used after flat[k] before ``m`` is rebound (read, or written through)."""
        return m in self.live_out.get(id(flat[k].stmt), ())

    def writeback(self, n, m, k, flat):
        if self.same_object(n, m, k, flat):
            return A.assign(m, A.name(n))
        d = self.definition(n, k, flat)
        if d is not None:
            v = flat[d].stmt.value
            if isinstance(v, ast.Name) and v.id == m and self.unchanged([m], d, k, flat):
                return A.assign(m, A.name(n))
            if isinstance(v, ast.Subscript) and isinstance(v.value, ast.Name) and v.value.id == m \
                    and self.unchanged([m] + A.names_in(v.slice), d, k, flat):
                if m in self.lists and not distinct_elements(self, m, flat):
                    m = self.namer.as_written(m)
                    raise unsupported(self.src, flat[k].stmt, f"a write into an element of the list `{m}`, "
                                      "which may hold that same array at another position too (`[a] * 3`, "
                                      "`[a, a]`, `xs + ys`, or one array appended twice)",
                                      "Build the list from separate arrays (`[np.zeros(n) for _ in range(3)]`), "
                                      "or copy the element before writing into it (`row = xs[i].copy()`).")
                self.refuse_tuple_store(m, k, flat)
                target = ast.Subscript(value=A.name(m), slice=A.clone(v.slice), ctx=ast.Store())
                return A.assign(target, A.name(n))
        d = self.definition(m, k, flat)
        if d is not None:  # (n itself must still be the array m was taken from)
            v = flat[d].stmt.value
            if isinstance(v, ast.Name) and v.id == n and self.unchanged([n], d, k, flat):
                return A.assign(m, A.name(n))
            if isinstance(v, ast.Subscript) and isinstance(v.value, ast.Name) \
                    and (v.value.id == n or self.copy_of(n, v.value.id, k, flat)) \
                    and self.unchanged([v.value.id] + A.names_in(v.slice), d, k, flat):
                if self.ranks.get(m) is None and not _has_slice(v.slice):
                    n, m = self.namer.as_written(n), self.namer.as_written(m)
                    raise unsupported(self.src, flat[k].stmt, f"a write into `{n}` after `{m}` was read from it "
                                      f"with integer indices: s2sad cannot tell here whether `{m}` is a copy of "
                                      "an element or a view that sees the write",
                                      f"Copy it when you read it (`{m} = float(...)` or `np.copy(...)`).")
                return A.assign(m, ast.Subscript(value=A.name(n), slice=A.clone(v.slice), ctx=ast.Load()))
            dn = self.definition(n, k, flat)
            if dn is not None and dn > d and self.fresh(dn, flat, m, after=d):
                return None  # n holds an array made after m was taken: they no longer share memory
        stmts = path_writeback(self, n, m, k, flat) or guarded_writeback(self, n, m, k, flat)
        if stmts:   # along chains of views (alias_chain.py), under a run-time flag (alias_guard.py)
            return stmts
        raise self._cannot_follow(n, m, k, flat)

    def _cannot_follow(self, n, m, k, flat):
        """The error refusing the write at ``k`` through ``n``, which shares memory with ``m`` (read
        later) in a way no write-back covers: located, saying what to write instead."""
        w, said = flat[k].stmt, self.spelled(n, k, flat)
        n, m = self.namer.as_written(n), self.namer.as_written(m)
        if hasattr(w, "_s2sad_append"):   # a list's second name: the advice for arrays (np.copy) would not apply
            return unsupported(self.src, w, f"an append through `{said}`, the same list as `{m}` (read later), "
                               "here where s2sad cannot follow both names",
                               f"Append through `{m}` itself, or make `{said}` a list of its own first "
                               f"(`{said} = list(...)`) if `{m}` should not grow.")
        return unsupported(self.src, w, f"a write through `{said}`, which shares memory with `{m}` "
                           f"(read later) in a way s2sad cannot follow",
                           (f"Copy before writing (`{n} = np.copy(...)`)" if said == n else
                            f"Copy `{said}` into a name of its own before writing (`v = np.copy({said})`)")
                           + f", or write through `{m}` itself.")

    # ---- parameters ------------------------------------------------------------
    def copy_params(self, body, flat, groups):
        memory = list(self.writes(flat))
        writes = memory + _appends(flat)    # xs.append(v) changes the list xs, not its arrays
        written, in_memory = {n for _, n in writes}, {n for _, n in memory}
        copies = []
        for p in self.params:
            through = [self.points is not None and any(self.points.holds(flat[k].stmt, n, ("param", p))
                                                       for k, n in ws) for ws in (writes, memory)]
            group = groups.get(p, {p})
            if through[0] or any(n in written for n in group):
                new = self.namer.fresh(p)
                _rename(body + self.tail, p, new)
                copies.append(A.at(A.assign(new, self.param_copy(p)), body[0]))
                if through[1] or any(n in in_memory for n in group):   # (a list appended to only:
                    copies[-1]._s2sad_param_copy = p                   # its arrays are not written)
        for c in copies:
            c._s2sad_src = self.src
        _copy_written_entries(body, written, groups)
        return copies + body


    def param_copy(self, p):
        """``np.copy(p)`` for an array parameter; for one of another kind (a list or tuple of
        arrays), ``snapshot(p)`` for a list, ``param_snapshot(p)`` otherwise: the same kind of
        sequence, each array copied (``np.copy`` would make one array of the list, so that
        ``xs[0] = a`` copied ``a`` instead of holding it). A tuple's copy is a list of the copies
        (``param_snapshot`` decides by the value, when it runs: a 0-d array may be given here too): a write into one of its arrays (``ws[0][1] = v``) is
        followed by its write-back ``ws[0] = t``, which a tuple cannot store (the list holds the
        same arrays, so Python's tuple and this list are read alike)."""
        if p not in self.sequences:
            return ast.Call(func=np_ref("np.copy"), args=[A.name(p)], keywords=[])
        lists = p in getattr(self.ranks, "lists", ())
        node = A.name(self.ns.bind("snapshot", snapshot) if lists else
                      self.ns.bind("param_snapshot", param_snapshot))
        node._s2sad_bound = True
        return ast.Call(func=node, args=[A.name(p)], keywords=[])


def _appends(flat):
    """(position, list) of each ``xs.append(v)``."""
    return [(k, e.stmt._s2sad_append[0]) for k, e in enumerate(flat)
            if not e.header and hasattr(e.stmt, "_s2sad_append")]


def _copy_written_entries(body, written, groups):
    """An array entry of a dict (or tuple) parameter is read on entry (``p_w = p['w']``,
    ``transforms/aggregates.py``), so it holds the caller's array: where its memory is written,
    the entry reads a copy (``p_w = np.copy(p['w'])``; the statement keeps no adjoint of its own,
    and a copy's is the identity)."""
    for s in body:
        if not getattr(s, "_s2sad_entry", False):
            continue
        leaf = s.targets[0].id
        if any(n in written for n in groups.get(leaf, {leaf})):
            s.value = ast.Call(func=np_ref("np.copy"), args=[s.value], keywords=[])
            s._s2sad_param_copy = A.dotted_path(s.value.args[0].value) if isinstance(
                s.value.args[0], ast.Subscript) else None


def copied_params(body):
    """The parameters ``Aliasing.run`` copied on entry because the function writes their memory
    (a dict or tuple parameter for an entry written; not a list only appended to), sorted. A caller passing one of them and
    another argument sharing its memory must be refused (``shared_memory.check_apart``): the copy
    keeps the write from the other, where Python's own run would show it there."""
    return tuple(sorted({s._s2sad_param_copy for s in body if getattr(s, "_s2sad_param_copy", None)}))


def written_globals(ops, body, ns):
    """The globals (arrays the function reads from its module or closure) it writes into, directly
    or by a write-back of a view of one, sorted, from the ``ops`` of ``body``: an argument sharing
    their memory is refused too."""
    local = {n.id for s in body for n in ast.walk(s) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    return tuple(sorted({op.targets[0] for op in ops if op.kind == "setitem"
                         and op.targets[0] in ns.objects and op.targets[0] not in local}))


def _rename(stmts, old, new):
    for s in stmts:
        for node in ast.walk(s):
            if isinstance(node, ast.Name) and node.id == old and not getattr(node, "_s2sad_bound", False):
                node.id = new
            A.rename_notes(node, {old: new}, positions=False)

