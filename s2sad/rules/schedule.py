"""Checkpointing schedules: which loop states to keep, which steps to run again.

A checkpointed loop (``s2sad.grad(f, checkpoint=K)``) keeps at most ``K``
snapshots of its loop-carried state. Its generated drivers ask a *plan* what
to do next and do it; the plan is a flat integer sequence (a list in Python, an
int64 array under numba, whose versions are in
``s2sad.backends.numba_helpers.numba_schedule``), and every function here only reads and
writes its entries, so the same code runs in both.

Actions, as ``(action, a, b)``:

* ``STORE, slot, pos``     copy the current state (before step ``pos``) into ``slot``;
* ``RESTORE, slot, pos``   make the state the copy in ``slot`` (the state before step ``pos``);
* ``ADVANCE, a, b``        run steps ``a .. b-1`` without a tape;
* ``REVERSE, k, 0``        run step ``k`` with its tape, then its adjoint;
* ``DONE, 0, 0``           the forward phase (then the reverse phase) is over.

Reverse phase (both kinds of plan). The snapshots form a stack ordered by
position; with ``s`` free slots, the steps ``capo .. fine-1`` above the top
snapshot ``capo`` are reversed as in Griewank and Walther's binomial
checkpointing: advance ``m`` steps and store there, reverse the part above,
then the part below with the slot freed again, where ``m`` minimises the total
number of steps run again. With ``S = s + 1`` snapshots a stretch of ``l``
steps needs ``F(l, s) = r*l - beta(S + 1, r - 1)`` advances, ``r`` the least
integer with ``beta(S, r) = C(S + r, S) >= l`` (the repetition number), and
``m = min(beta(S, r - 1), l - beta(S - 1, r - 1))`` attains it (checked against
the dynamic programme in the tests).

Forward phase. ``binomial(n, K)`` (a ``for`` loop: ``n`` known when it
starts) stores along the first descent of that recursion, so the whole loop
costs ``F(n, K - 1) + 1`` untaped steps besides the ``n`` taped ones.
``online(K)`` (a ``while`` loop) stores the state before *every* step,
evicting a snapshot once the ``K`` slots are full, by levels as in Wang, Moin
and Iaccarino's dynamic checkpointing: a new snapshot has level 0; a snapshot
is dispensable when a later one has a higher level; the latest dispensable one
is evicted, and when none is, the latest snapshot gives way to the new one,
which takes its level plus one. The step-0 snapshot is never evicted.
"""

import numpy as np

ADVANCE, STORE, RESTORE, REVERSE, DONE = 1, 2, 3, 4, 0

# header fields of a plan
_KIND, _K, _N, _CAPO, _FINE, _TOP, _STATE, _NFREE, _ADVANCED, _STORES, _REVERSED, _PEAK = range(12)
_TAIL, _NASC = 12, 13
_HEADER = 14
# plan states
_FWD_STORE, _FWD_DESCEND, _FWD_DONE, _REV_RESTORE, _REV_DESCEND, _REV_STORE, _END = range(7)
_NEVER = 1 << 60          # level of the step-0 snapshot of an online plan


def _pos(K):        # stack index -> position
    return _HEADER


def _slot(K):       # stack index -> slot
    return _HEADER + K


def _free(K):       # the free slots, a stack
    return _HEADER + 2 * K


def _level(K):      # online: slot -> level
    return _HEADER + 3 * K


def _spos(K):       # online: slot -> position
    return _HEADER + 4 * K


def _prev(K):       # online: slot -> the slot before it in time order (-1: none)
    return _HEADER + 5 * K


def _next_slot(K):  # online: slot -> the slot after it in time order (-1: none)
    return _HEADER + 6 * K


def _ascents(K):    # online: slots whose level is below the next one's, a stack in time order
    return _HEADER + 7 * K


def _size(K):
    return _HEADER + 8 * K


def binomial(n, K):
    """The plan of a loop of ``n`` steps (``n`` known before it runs) with ``K`` snapshots."""
    p = [0] * _size(K)
    _init(p, 0, n, K)
    return p


def online(K):
    """The plan of a loop whose trip count is known only when it ends (``while``)."""
    p = [0] * _size(K)
    _init(p, 1, 0, K)
    return p


def next_action(p):
    """The next ``(action, a, b)`` of the plan (see the module docstring)."""
    return _next(p)


def online_slot(p):
    """Before each step of an online plan: the slot to store the current state in (-1: none)."""
    return _online_slot(p)


def online_end(p):
    """The loop of an online plan has ended: its reverse phase starts."""
    _online_end(p)


def snapshot(x):
    """A copy of ``x`` that later writes into ``x`` cannot change (numbers are kept as they are;
    a list or tuple, ``np.split``'s pieces, is the same kind of sequence of snapshots: ``np.copy``
    would make it one array, or fail on pieces of different shapes; a set or a dict, changed in place
    by its methods, is a new set or dict of snapshots)."""
    if isinstance(x, np.ndarray):
        return np.copy(x)
    if isinstance(x, (set, frozenset)):
        return type(x)(x)
    if isinstance(x, dict):
        return type(x)((k, snapshot(v)) for k, v in x.items())
    if isinstance(x, (list, tuple)):
        items = [snapshot(e) for e in x]
        if isinstance(x, tuple) and hasattr(x, "_fields"):    # a named tuple (np.linalg.eigh's EighResult)
            return type(x)(*items)
        return type(x)(items)
    return x


def param_snapshot(x):
    """The copy a parameter of another kind than a number or an array gets on entry
    (``analyses/alias.Aliasing.param_copy``): its ``snapshot``, a tuple's as a list of the copies
    (a write into one of its arrays, ``ws[0][1] = v``, is followed by the write-back ``ws[0] = t``,
    which a tuple cannot store; the list holds the same arrays, so both are read alike)."""
    copied = snapshot(x)
    return list(copied) if isinstance(x, tuple) else copied


def counts(p):
    """What the plan did: untaped steps run, snapshots stored, steps reversed, slots used at most."""
    return {"steps": int(p[_N]), "advanced": int(p[_ADVANCED]), "stores": int(p[_STORES]),
            "reversed": int(p[_REVERSED]), "peak_snapshots": int(p[_PEAK])}


# ---- the shared machinery ------------------------------------------------------------
def _init(p, kind, n, K):
    p[_KIND], p[_K], p[_N], p[_FINE] = kind, K, n, n
    p[_TOP] = -1
    p[_STATE] = _FWD_STORE if n > 0 else _FWD_DONE
    p[_NFREE] = K
    for j in range(K):
        p[_free(K) + j] = K - 1 - j


def _push(p, pos):
    K = p[_K]
    p[_NFREE] -= 1
    slot = p[_free(K) + p[_NFREE]]
    p[_TOP] += 1
    p[_pos(K) + p[_TOP]] = pos
    p[_slot(K) + p[_TOP]] = slot
    p[_STORES] += 1
    if K - p[_NFREE] > p[_PEAK]:
        p[_PEAK] = K - p[_NFREE]
    return slot


def _pop(p):
    K = p[_K]
    p[_free(K) + p[_NFREE]] = p[_slot(K) + p[_TOP]]
    p[_NFREE] += 1
    p[_TOP] -= 1


def _beta(S, r, cap):
    """C(S + r, S), or any value >= cap once it reaches cap (no overflow)."""
    b = 1
    for j in range(1, r + 1):
        if b >= cap:
            return cap
        b = b * (S + j) // j
    return b


def _repetitions(l, S):
    """The least r with C(S + r, S) >= l."""
    r = 0
    while _beta(S, r, l) < l:
        r += 1
    return r


def split(l, s):
    """Steps to advance before storing, to reverse ``l`` steps with ``s >= 1`` free slots."""
    S = s + 1
    r = _repetitions(l, S)
    m = min(_beta(S, r - 1, l), l - _beta(S - 1, r - 1, l))
    return max(1, min(m, l - 1))


def _advance(p, a, b):
    p[_CAPO] = b
    p[_ADVANCED] += b - a
    return ADVANCE, a, b


def _next(p):
    K, state = p[_K], p[_STATE]
    if state == _FWD_STORE or state == _REV_STORE:
        p[_STATE] = _FWD_DESCEND if state == _FWD_STORE else _REV_DESCEND
        return STORE, _push(p, p[_CAPO]), p[_CAPO]
    if state == _FWD_DESCEND:
        capo, n = p[_CAPO], p[_N]
        if n - capo > 1 and p[_NFREE] > 0:
            p[_STATE] = _FWD_STORE
            return _advance(p, capo, capo + split(n - capo, p[_NFREE]))
        p[_STATE] = _FWD_DONE
        return _advance(p, capo, n)
    if state == _FWD_DONE:
        p[_STATE] = _REV_RESTORE
        return DONE, 0, 0
    if state == _REV_RESTORE:
        if p[_FINE] <= 0:
            p[_STATE] = _END
            return DONE, 0, 0
        top = p[_TOP]
        p[_CAPO] = p[_pos(K) + top]
        p[_STATE] = _REV_DESCEND
        return RESTORE, p[_slot(K) + top], p[_CAPO]
    if state == _REV_DESCEND:
        capo, fine = p[_CAPO], p[_FINE]
        if fine - capo > 1:
            if p[_NFREE] > 0:
                p[_STATE] = _REV_STORE
                return _advance(p, capo, capo + split(fine - capo, p[_NFREE]))
            return _advance(p, capo, fine - 1)
        p[_FINE] = capo
        p[_REVERSED] += 1
        if p[_pos(K) + p[_TOP]] == capo:
            _pop(p)
        p[_STATE] = _REV_RESTORE
        return REVERSE, capo, 0
    return DONE, 0, 0


# ---- online (while loops) ------------------------------------------------------------
# The snapshots form a list in time order (prev/next by slot). The one to evict is the
# latest dispensable one, which is the latest *ascent* (a snapshot whose level is below
# its successor's: the part after the latest dispensable one cannot rise); ascents are
# kept on a stack in time order, so each step costs O(1).
def _online_slot(p):
    K, t = p[_K], p[_N]
    p[_N] = t + 1
    if K - p[_NFREE] < K:
        p[_NFREE] -= 1
        slot = p[_free(K) + p[_NFREE]]
        p[_level(K) + slot] = _NEVER if t == 0 else 0
        _append(p, K, slot)
    elif K == 1:
        return -1            # the one slot keeps step 0
    elif p[_NASC] > 0:
        p[_NASC] -= 1
        slot = p[_ascents(K) + p[_NASC]]
        _unlink(p, K, slot)
        p[_level(K) + slot] = 0
        _append(p, K, slot)
    else:
        slot = p[_TAIL]      # the latest gives way; the new one climbs a level
        p[_level(K) + slot] += 1
        before = p[_prev(K) + slot]
        if p[_level(K) + before] < p[_level(K) + slot]:
            _push_ascent(p, K, before)
    p[_spos(K) + slot] = t
    p[_STORES] += 1
    if K - p[_NFREE] > p[_PEAK]:
        p[_PEAK] = K - p[_NFREE]
    return slot


def _append(p, K, slot):
    tail = p[_TAIL] if K - p[_NFREE] > 1 else -1
    p[_prev(K) + slot], p[_next_slot(K) + slot] = tail, -1
    if tail >= 0:
        p[_next_slot(K) + tail] = slot
        if p[_level(K) + tail] < p[_level(K) + slot]:
            _push_ascent(p, K, tail)
    p[_TAIL] = slot


def _unlink(p, K, slot):
    """Take ``slot`` (an ascent, so not the latest) out of the time order."""
    before, after = p[_prev(K) + slot], p[_next_slot(K) + slot]
    p[_next_slot(K) + before], p[_prev(K) + after] = after, before
    top = p[_NASC] - 1
    if top >= 0 and p[_ascents(K) + top] == before:
        p[_NASC] -= 1      # `before` was an ascent; it is one again if it is below `after`
    if p[_level(K) + before] < p[_level(K) + after]:
        _push_ascent(p, K, before)


def _push_ascent(p, K, slot):
    p[_ascents(K) + p[_NASC]] = slot
    p[_NASC] += 1


def _online_end(p):
    """Lay the snapshots out as a stack by position, as the reverse phase wants them."""
    K = p[_K]
    count = K - p[_NFREE]
    slot = p[_TAIL]
    for j in range(count - 1, -1, -1):
        p[_pos(K) + j] = p[_spos(K) + slot]
        p[_slot(K) + j] = slot
        slot = p[_prev(K) + slot]
    p[_TOP], p[_FINE], p[_CAPO] = count - 1, p[_N], p[_N]
    p[_STATE] = _REV_RESTORE
