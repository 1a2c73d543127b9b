"""Write-backs guarded by a run-time flag: a view taken in another iteration or branch than the write.

``analyses/alias_chain.py`` carries a write through ``n`` to a name ``m`` that shares its memory
when the views linking them are fixed by the program text: each link's names unchanged from
the view to the write. Where ``m`` took its view of ``r`` (``m = r`` or ``m = r[idx]``, ``r`` a
name ``n`` is a view of) before a loop in which ``r`` or ``m`` is rebound, in a branch, or later
in the loop body than the write (``for v in zip(x, x)`` reads ``x`` through a hidden name
bound once, while the body rebinds ``x``), whether the two still share memory at the write
depends on the run. This module decides it when the program runs, exactly:

* a boolean ``flag`` is set True just after ``m`` takes its view (the *view site*) and False
  just after every other binding of ``m`` and of ``r`` (and False on entry). So ``flag`` is
  True at the write exactly when ``m`` is still the view of ``r``'s current array that the
  view site took;
* the write is carried up from ``n`` to ``r`` as in ``alias_chain.py`` (each view inverted), and
  ``if flag: m = r[idx]`` takes ``m``'s view again (settled statements, like a chain's).

The write-back is sound under these conditions, checked here (otherwise the caller refuses):

* ``n`` is a view of ``r`` through a chain fixed by the program text (``alias_chain.chain``);
* ``m`` has exactly one view site, a copy or a basic index of ``r`` (a slice, or integers
  when ``m`` is known to be an array), and every other binding of ``m`` and every binding of
  ``r`` gives a *new* array (an operator's, or a call's that never returns a view), made there
  or by a temporary bound once and read only by that binding: never a copy of another name,
  which could make ``m`` and ``r`` one new array (``_fresh_site``).
  Then when ``flag`` is False, ``m`` holds either an array made by its own binding or the view
  of an array ``r`` no longer holds (``r`` was rebound since to an array made then), and ``r``
  holds a parameter or an array made by its own binding: the two share no memory, and
  neither does ``n`` (a view of ``r``'s current array) with ``m``;
* the index of the view site reads only names bound before it and never again (not in a
  loop around the view site or the write): taking the view again gives the same elements;
* ``m`` and ``r`` are neither lists nor globals, nor loop variables.
"""
import ast

from .. import astutil as A
from .alias_chain import chain, view_step, _check_view, _inverse
from .alias_flow import _has_slice, _stores

GUARDED = ("copy", "index")


def guarded_writeback(al, n, m, k, flat):
    """The statements carrying the write through ``n`` at flat[k] to ``m`` under a flag, or
    None if the conditions above do not hold. Inserts the flag's assignments into the body."""
    if m in al.lists or m in al.globals:
        return None
    up = chain(al, n, k, flat)
    ups = [n] + [s.parent for s in up]
    site = _view_site(al, m, flat, ups)
    if site is None:
        return None
    step, sites = site
    r = step.parent
    if r in al.lists or r in al.globals or not _fixed_index(al, step, flat):
        return None
    if not all(_fresh_site(al, j, flat) for j in sites + _bindings(al, r, flat)):
        return None
    meet = ups.index(r)
    for s in up[:meet]:
        _check_view(al, s, k, flat)
    flag = _flag(al, step, flat, sites + _bindings(al, r, flat))
    out = [stmt for s in up[:meet] for stmt in _inverse(al, s, k, flat)]
    retake = A.assign(m, A.clone(step.value))
    guard = ast.If(test=A.name(flag), body=[retake], orelse=[])
    return out + [guard]


def _bindings(al, name, flat):
    """Indices of the statements that bind ``name`` to an array (not updating it in place)."""
    out = []
    for j, e in enumerate(flat):
        if name not in _stores(e) or getattr(e.stmt, "_s2sad_guard", False):
            continue
        s = e.stmt
        if not e.header and isinstance(s, ast.Assign) and (
                isinstance(s.targets[0], ast.Subscript) or getattr(s, "_s2sad_inplace", False)
                or getattr(s, "_s2sad_writeback", False)):
            continue   # the same buffer, updated (or a write-back giving the value it shows)
        out.append(j)
    return out


def _view_site(al, m, flat, ups):
    """(the one step by which ``m`` views a name of ``ups``, the indices of m's other bindings)."""
    found, others = None, []
    for j in _bindings(al, m, flat):
        step = None if flat[j].header else view_step(al, m, j, flat)
        if step is not None and step.kind in GUARDED and step.parent in ups and step.parent != m:
            if found is not None:
                return None
            found = step
        else:
            others.append(j)
    if found is None:
        return None
    if found.kind == "index" and not _has_slice(found.value.slice) and not al.ranks.get(m):
        return None   # `m = r[i]` may be a number, which shares nothing (refused in alias.py)
    return found, others


def _fixed_index(al, step, flat):
    """True if every name the view's index reads is bound only before the view site, outside
    the loops around it: taking the view again selects the same elements."""
    if step.kind != "index":
        return True
    names = set(A.names_in(step.value.slice))
    loops = set(flat[step.d].loops)
    for j, e in enumerate(flat):
        if names & set(_stores(e)) and (j >= step.d or e.header or loops & set(e.loops)):
            return False
    return True


def _fresh_site(al, j, flat):
    """True if the binding flat[j] gives its name an array no other name can hold: an operator's
    or a call's that never returns a view, made there or by a temporary s2sad introduced, bound
    once and read only here (``t = np.tanh(y); y = t``). Copies of other names do not count:
    ``m = t; r = t`` would make two names of one new array."""
    e = flat[j]
    for _ in range(len(flat)):
        if e.header or not isinstance(e.stmt, ast.Assign) or not isinstance(e.stmt.targets[0], ast.Name):
            return False
        v = e.stmt.value
        if not isinstance(v, ast.Name):
            op = getattr(e.stmt, "_s2sad_op", None)
            return isinstance(v, (ast.BinOp, ast.UnaryOp)) or isinstance(v, ast.Call) and op is not None \
                and not al.sharing(op)
        sites = _bindings(al, v.id, flat)
        if v.id not in al.namer.issued or len(sites) != 1 or _reads(v.id, flat) != 1:
            return False
        e = flat[sites[0]]
    return False


def _reads(name, flat):
    """How many times the statements of ``flat`` read ``name``."""
    return sum(isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Load)
               for e in flat for node in ast.walk(e.stmt if not e.header else _header_part(e.stmt)))


def _header_part(stmt):
    return stmt.iter if isinstance(stmt, ast.For) else stmt.test


def _flag(al, step, flat, clears):
    """The flag for ``step`` (made once per view site): True after it, False after ``clears``
    and on entry."""
    key = (id(flat[step.d].stmt), step.child)
    flags = al.__dict__.setdefault("flags", {})
    if key in flags:
        return flags[key]
    flag = al.namer.fresh("shares")
    flags[key] = flag
    al.ranks[flag] = 0
    _insert_after(flat[step.d], A.assign(flag, A.const(True)))
    for j in clears:
        _insert_after(flat[j], A.assign(flag, A.const(False)))
    al.body.insert(0, A.at(A.assign(flag, A.const(False)), al.body[0]))
    al.body[0]._s2sad_guard = True
    return flag


def _insert_after(entry, stmt):
    """Put ``stmt`` just after flat entry ``entry`` (a loop variable's: first in the loop body)."""
    stmt = A.at(stmt, entry.stmt)
    stmt._s2sad_guard = True
    stmt._s2sad_src = getattr(entry.stmt, "_s2sad_src", None)
    if entry.header:
        entry.stmt.body.insert(0, stmt)
        return
    block = entry.block
    block.insert(next(i for i, s in enumerate(block) if s is entry.stmt) + 1, stmt)
