"""a list rebound in one branch to a shorter list display, read from its end: IndexError inside the adjoint, reported as AdjointFailedError (internal error; jvp exact)

Class: internal; mode: py; check: call
Found by hand (fuzz51, stop 51) next to the rebinds51 productions' campaign on d4c971b (main d7eccf1 plus the
fuzz51 fix); the same class as stop 50's note "a list rebound in a branch to a helper's shorter list", which
misc51 is fixing (not fixed here). Also `h, *rest = c` after the branch, grad, checkpoint and jit.
s2sad returns: AdjointFailedError (IndexError: index 2 is out of bounds for axis 0 with size 2) at `c = [x[0], x[1], x[2]]`
right (central differences): [1.0, 0.6, 0.0, -0.8]
The reverse sweep takes the adjoint's shape of `c` from one binding and indexes it with the other's
(`stable_shapes` for a list bound to lists of two lengths).
Fixed at stop 51 by misc51 (analyses/shape_keep.py keeps a list's value before a rebinding whose shape may change, as an array's).
Replay: python -m tests.fuzz.replay tests/fuzz/findings/list_rebound_in_a_branch_to_a_shorter_display.py
"""
import numpy as np


def f(x):
    c = [x[0], x[1], x[2]]
    if x[3] > 0:
        c = [x[1] * x[3], x[0]]
    return c[0] * 2.0 + c[-1]

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['internal', 'py', 'call', 'AdjointFailedError', 'api.py:_refuse_non_scalar'], 'seed': 51999001, 'attempt': 0, 'params': [['x', [4]]], 'wrt': ['x'], 'out': [[]], 'mutations': [], 'seeds': [51999001], 'campaign': 'by hand, next to the fuzz51 campaign 51100000'}
ARGS = [np.array([0.7, -0.4, 1.1, 0.3])]
S2SAD = None
RIGHT = [np.array([1.0, 0.6, 0.0, -0.8])]
