"""a list of the parameter, np.sort, then a loop reading the list and updating the parameter in place: AttributeError ('Expr' object has no attribute 'targets') in analyses/alias.py

Class: internal; mode: py; check: call; AttributeError escaping analyses/alias.py:definition
Found by: python -m tests.fuzz --n 10000 --seed 100000 --jit both --jit-every 100 on main at 45d2e0b (fuzzer at 6d97aab); programs 101178, minimized by tests/fuzz/minimize.py and cleaned by hand.
s2sad returns: AttributeError: 'Expr' object has no attribute 'targets'
right (autograd (agrees with finite differences)): value -0.478, gradient -2.0
Replay: python -m tests.fuzz.replay tests/fuzz/findings/list_alias_sort_loop_attribute_error.py
"""
import math
import numpy as np

def f(theta):
    vals = []
    for t in range(2):
        vals.append(theta)
    b = np.sort(theta * np.ones(3))[1]
    for k in range(3):
        b = vals[1]
        theta -= b
    return theta

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['internal', 'py', 'call', 'AttributeError', 'analyses/alias.py:definition'], 'seed': 0, 'attempt': 0, 'params': [['theta', []]], 'wrt': ['theta'], 'out': [[]], 'mutations': [], 'seeds': [101178], 'campaign': 'python -m tests.fuzz --n 10000 --seed 100000 --jit both --jit-every 100 on main at 45d2e0b (fuzzer at 6d97aab)'}
ARGS = [0.239]
S2SAD = None
RIGHT = [-2.0]
