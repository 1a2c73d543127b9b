"""np.linspace is listed as non-differentiable: its endpoints get no gradient

Class: wrong; mode: py; check: grad
Found by: python -m tests.fuzz --n 400 --seed 30000 --jit off --minimize 8 (fuzzer at eb98b34); programs 30146, 30171, minimized by tests/fuzz/minimize.py and cleaned by hand.
s2sad returns: value 3.5687500000000005, gradient 0.0; 0.0
right (autograd (agrees with finite differences)): value 3.5687500000000005, gradient 2.375; 5.125
Replay: python -m tests.fuzz.replay tests/fuzz/findings/linspace_has_zero_gradient.py
"""
import math
import numpy as np

def f(a, b):
    t = np.linspace(a, b, 5)
    return np.sum(t ** 2)

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['wrong', 'py', 'grad', None, None], 'seed': 0, 'attempt': 0, 'params': [['a', []], ['b', []]], 'wrt': ['a', 'b'], 'out': [[]], 'mutations': [], 'seeds': [30146, 30171], 'campaign': 'python -m tests.fuzz --n 400 --seed 30000 --jit off --minimize 8 (fuzzer at eb98b34)'}
ARGS = [0.2, 1.3]
S2SAD = [0.0, 0.0]
RIGHT = [2.375, 5.125]
