"""np.where of a number made its adjoint a 0-d array, which the sweep shared and then added to in place: wrong gradient

Class: wrong; mode: py; check: grad
Found by: kinds18's audit of the rules on numbers (/work/scratch/kinds18/explore/run.py, rules x templates in which the adjoint is then updated), at c087901; written by hand in the findings format.
s2sad returned (at c087901): gradient [2.8654685436918923, 0.7667974322678952]
right (central differences): gradient [2.865468543555849, 0.5170894827877248]
Fixed: the general fix of roll_of_a_number_gave_a_shared_0d_adjoint.py (which was fixed in roll_grad only): the same with np.where, np.reshape, np.squeeze, np.transpose, np.median, np.ravel(..)[0], np.cumsum(..)[0], np.asarray(..).item() of a number (transforms/accumulate_numbers.py: the adjoint of a number is taken as item(value) unless it is certainly a number; regression tests: tests/transforms/test_kinds18.py::test_rule_on_a_number_then_updated_reverse).
Replay: python -m tests.fuzz.replay tests/fuzz/findings/where_of_a_number_gave_a_shared_0d_adjoint.py
"""
import numpy as np


def f(x, y):
    t = x + np.sin(x)
    t = t + np.logaddexp(t, y)
    return np.where(t > 0.1, t, 2.0 * t)

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['wrong', 'py', 'grad', None, None], 'seed': 18, 'attempt': 0, 'params': [['x', []], ['y', []]], 'wrt': ['x', 'y'], 'out': [[]], 'mutations': [], 'seeds': [], 'campaign': 'kinds18 audit (tests/transforms/test_kinds18.py)'}
ARGS = [0.37, 0.8]
S2SAD = [2.8654685436918923, 0.7667974322678952]
RIGHT = [2.865468543555849, 0.5170894827877248]
