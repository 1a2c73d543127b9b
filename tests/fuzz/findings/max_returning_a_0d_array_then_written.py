"""max(u, y) of a 0-d array u returns u itself: `v += y` changed u too, which s2sad did not follow

Class: wrong; mode: py; check: value (the value, and so the gradient)
Found by: kinds18's audit of the rules on numbers (/work/scratch/kinds18/explore/run.py, rules x templates in which the adjoint is then updated), at c087901; written by hand in the findings format.
s2sad returned (at c087901): gradient [0.84, 0.37]
right (central differences): gradient [0.9399999999770703, 0.9399999999909481]
Fixed: analyses/alias_flow.py `_zero_d_kind`: builtin max/min of a 0-d array may return it: the write is refused, located; regression test: tests/transforms/test_kinds18.py::test_write_through_what_may_be_either_is_refused_located.
Replay: python -m tests.fuzz.replay tests/fuzz/findings/max_returning_a_0d_array_then_written.py
"""
import numpy as np


def f(x, y):
    u = np.copy(x)
    v = max(u, y)
    v += y
    return v * u

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['wrong', 'py', 'value', None, None], 'seed': 18, 'attempt': 0, 'params': [['x', []], ['y', []]], 'wrt': ['x', 'y'], 'out': [[]], 'mutations': [], 'seeds': [], 'campaign': 'kinds18 audit (tests/transforms/test_kinds18.py)'}
ARGS = [0.37, 0.1]
S2SAD = [0.84, 0.37]
RIGHT = [0.9399999999770703, 0.9399999999909481]
