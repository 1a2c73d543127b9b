"""builtin sum of a list literal (sum([1.0, t]), sum([s2, s2])) has a zero gradient

Class: wrong; mode: py; check: grad
Found by: python -m tests.fuzz --n 500 --seed 40000 --jit both --jit-every 50 --without globals,np.sort,np.linspace,np.clip,np.median (fuzzer at dfa6d15); programs 40238, 40410, minimized by tests/fuzz/minimize.py and cleaned by hand.
s2sad returns: value 1.79, gradient 0.0; [0., 0., 0.]
right (autograd (agrees with finite differences)): value 1.79, gradient 1.4; [1., 0., 0.]
Replay: python -m tests.fuzz.replay tests/fuzz/findings/builtin_sum_of_list_literal.py
"""
import math
import numpy as np

def f(t, v):
    return sum([1.0, t * t, v[0]])

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['wrong', 'py', 'grad', None, None], 'seed': 0, 'attempt': 0, 'params': [['t', []], ['v', [3]]], 'wrt': ['t', 'v'], 'out': [[]], 'mutations': [], 'seeds': [40238, 40410], 'campaign': 'python -m tests.fuzz --n 500 --seed 40000 --jit both --jit-every 50 --without globals,np.sort,np.linspace,np.clip,np.median (fuzzer at dfa6d15)'}
ARGS = [0.7, np.array([ 0.3, -0.8,  1.1])]
S2SAD = [0.0, np.array([0., 0., 0.])]
RIGHT = [1.4, np.array([1., 0., 0.])]
