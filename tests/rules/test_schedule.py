"""Checkpointing schedules (s2sad/rules/schedule.py, s2sad/backends/numba_helpers/numba_schedule.py).

A plan is run against a fake loop whose state is its step number, so every
action can be checked: an ADVANCE starts where the state is, a RESTORE brings
back what that slot stored, the steps are reversed n-1, ..., 0 exactly once
each, and at most K slots are ever in use. The number of steps run again is
compared with the optimum of Griewank's recursion, computed here by dynamic
programming (independently of the closed forms the schedule uses).
"""
from functools import lru_cache

import pytest

from s2sad.rules import schedule as S


def run(plan, n, online=False):
    """Carry out a plan on a loop whose state is its step number; return its counts, its
    actions and the snapshots' positions when the loop ends."""
    slots, state, actions = {}, 0, []
    if online:
        for t in range(n):
            slot = S.online_slot(plan)
            if slot >= 0:
                slots[slot] = t
            state = t + 1
        S.online_end(plan)
    else:
        while True:
            act, a, b = S.next_action(plan)
            actions.append((int(act), int(a), int(b)))
            if act == S.DONE:
                break
            if act == S.STORE:
                assert b == state
                slots[a] = state
            else:
                assert act == S.ADVANCE and a == state, (act, a, state)
                state = b
    assert state == n
    kept = sorted(slots[plan[S._slot(plan[S._K]) + j]] for j in range(plan[S._TOP] + 1))
    expect = n - 1
    while True:
        act, a, b = S.next_action(plan)
        actions.append((int(act), int(a), int(b)))
        if act == S.DONE:
            break
        if act == S.STORE:
            assert b == state
            slots[a] = state
        elif act == S.RESTORE:
            assert slots[a] == b
            state = b
        elif act == S.ADVANCE:
            assert a == state < b
            state = b
        else:
            assert act == S.REVERSE and a == state == expect, (act, a, state, expect)
            expect -= 1
    assert expect == -1, "every step reversed once, last first"
    counts = S.counts(plan)
    assert counts["reversed"] == n and counts["peak_snapshots"] <= plan[S._K]
    return counts, actions, kept


@lru_cache(None)
def optimum(l, s):
    """Fewest untaped steps to reverse l steps from a stored start with s free slots."""
    if l <= 1:
        return 0
    if s == 0:
        return l * (l - 1) // 2
    return min(m + optimum(l - m, s - 1) + optimum(m, s) for m in range(1, l))


@pytest.mark.parametrize("K", [1, 2, 3, 4, 6])
def test_binomial_plans_run_and_cost_the_optimum(K):
    for n in range(0, 80):
        counts, _, _ = run(S.binomial(n, K), n)
        extra = counts["advanced"] - optimum(n, K - 1)
        if n == 0:
            assert counts["advanced"] == 0
        elif K == 1:
            assert extra == n          # one forward run, then the quadratic replay
        else:                          # the forward run's last stretch, at most r + 1 steps
            assert 1 <= extra <= S._repetitions(n, K) + 1, (n, K, counts)


def test_split_attains_the_recursion_minimum():
    for s in range(1, 8):
        for l in range(2, 160):
            m = S.split(l, s)
            assert m + optimum(l - m, s - 1) + optimum(m, s) == optimum(l, s), (l, s, m)


def test_closed_form_cost():
    """F(l, s) = r l - C(s + 2 + r - 1, s + 2) with r the least r: C(s + 1 + r, s + 1) >= l."""
    for s in range(0, 6):
        for l in range(2, 120):
            r = S._repetitions(l, s + 1)
            assert optimum(l, s) == r * l - S._beta(s + 2, r - 1, 1 << 62)


def levels_reference(n, K):
    """Dynamic checkpointing by levels, written the slow and obvious way (O(K^2) a step)."""
    kept = {0: float("inf")} if n else {}
    for t in range(1, n):
        if len(kept) < K:
            kept[t] = 0
        elif K > 1:
            dispensable = [u for u, lv in kept.items() if any(u2 > u and lv2 > lv for u2, lv2 in kept.items())]
            if dispensable:
                del kept[max(dispensable)]
                kept[t] = 0
            else:
                last = max(kept)
                kept[t] = kept.pop(last) + 1
    return sorted(kept)


@pytest.mark.parametrize("K", [1, 2, 3, 5, 8])
def test_online_plans_keep_the_level_checkpoints(K):
    for n in range(0, 200):
        _, _, kept = run(S.online(K), n, online=True)
        assert kept == levels_reference(n, K)


def repetitions(plan, n, online):
    """The most times any one step is run untaped (the forward run included)."""
    runs = [0] * n
    _, actions, _ = run(plan, n, online)
    for act, a, b in actions:
        if act == S.ADVANCE:
            for k in range(a, b):
                runs[k] += 1
    return max(runs) + (1 if online else 0)


def test_online_cost_against_the_offline_optimum():
    """Not knowing n costs some recomputation: measured within 1.4x of the offline
    schedule's untaped steps (about 1.05x typically), and at most one run more of any step."""
    ratios = []
    for K in (2, 4, 10, 30):
        for n in list(range(2, 300, 7)) + [1000, 5000]:
            offline, _, _ = run(S.binomial(n, K), n)
            online, _, _ = run(S.online(K), n, online=True)
            ratios.append((online["advanced"] + n) / offline["advanced"])
            if n <= 300:
                assert repetitions(S.online(K), n, True) <= repetitions(S.binomial(n, K), n, False) + 1
    assert max(ratios) < 1.4 and sorted(ratios)[len(ratios) // 2] < 1.1, (max(ratios), sorted(ratios))


@pytest.mark.jit
def test_numba_versions_take_the_same_actions():
    numba = pytest.importorskip("numba")
    import numpy as np
    import s2sad.backends.numba_helpers.numba_schedule  # noqa: F401

    @numba.njit
    def actions(n, K, online):
        plan = S.online(K) if online else S.binomial(n, K)
        out = []
        if online:
            for t in range(n):
                out.append((9, S.online_slot(plan), t))
            S.online_end(plan)
        for _ in range(2 - online):
            while True:
                act, a, b = S.next_action(plan)
                out.append((act, a, b))
                if act == S.DONE:
                    break
        return out, plan

    for K, n in [(1, 5), (2, 9), (3, 40), (7, 300)]:
        for online in (0, 1):
            got, plan = actions(n, K, online)
            ref = S.online(K) if online else S.binomial(n, K)
            want = [(9, S.online_slot(ref), t) for t in range(n)] if online else []
            if online:
                S.online_end(ref)
            for _ in range(2 - online):
                while True:
                    want.append(tuple(int(x) for x in S.next_action(ref)))
                    if want[-1][0] == S.DONE:
                        break
            assert [tuple(int(x) for x in a) for a in got] == want
            assert S.counts(np.asarray(plan)) == S.counts(ref)
