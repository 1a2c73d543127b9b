"""np.transpose of a float is a new 0-d array: `w = u; w += y` changed u too, which s2sad did not follow (for an np.float64 it is the number itself, and it does not change)

Class: wrong; mode: py; check: value (the value, and so the gradient)
Found by: kinds18's audit of the rules on numbers (/work/scratch/kinds18/explore/run.py, rules x templates in which the adjoint is then updated), at c087901; written by hand in the findings format.
s2sad returned (at c087901): gradient [1.54, 0.37]
right (central differences): gradient [2.3399999999895726, 2.3399999999895726]
Fixed: analyses/alias_flow.py `_zero_d_kind`: a call whose result is a 0-d array or a number by its argument's type is MAYBE, and the write through a name that may share it is refused, located; regression test: tests/transforms/test_kinds18.py::test_write_through_what_may_be_either_is_refused_located.
Replay: python -m tests.fuzz.replay tests/fuzz/findings/transpose_of_a_number_then_written_through_a_copy.py
"""
import numpy as np


def f(x, y):
    u = np.transpose(x)
    w = u
    w += y
    return w * u

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['wrong', 'py', 'value', None, None], 'seed': 18, 'attempt': 0, 'params': [['x', []], ['y', []]], 'wrt': ['x', 'y'], 'out': [[]], 'mutations': [], 'seeds': [], 'campaign': 'kinds18 audit (tests/transforms/test_kinds18.py)'}
ARGS = [0.37, 0.8]
S2SAD = [1.54, 0.37]
RIGHT = [2.3399999999895726, 2.3399999999895726]
