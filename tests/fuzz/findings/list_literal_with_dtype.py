"""np.array([...], dtype=float) of differentiated values has a zero gradient (without dtype= it is right)

Class: wrong; mode: py; check: grad
Found by: python -m tests.fuzz --n 300 --seed 5000 --minimize 2 (fuzzer at c4b2aa6); programs 5124, minimized by tests/fuzz/minimize.py and cleaned by hand.
s2sad returns: value 1.8644000000000003, gradient [0., 0., 0.]
right (autograd (agrees with finite differences)): value 1.8644000000000003, gradient [ 0.6  , -1.936,  1.408]
Replay: python -m tests.fuzz.replay tests/fuzz/findings/list_literal_with_dtype.py
"""
import math
import numpy as np

def f(coef):
    v = np.array([1.0, coef[0], coef[1] * coef[2]], dtype=float)
    return np.sum(v ** 2)

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['wrong', 'py', 'grad', None, None], 'seed': 0, 'attempt': 0, 'params': [['coef', [3]]], 'wrt': ['coef'], 'out': [[]], 'mutations': [], 'seeds': [5124], 'campaign': 'python -m tests.fuzz --n 300 --seed 5000 --minimize 2 (fuzzer at c4b2aa6)'}
ARGS = [np.array([ 0.3, -0.8,  1.1])]
S2SAD = [np.array([0., 0., 0.])]
RIGHT = [np.array([ 0.6               , -1.9360000000000004,  1.4080000000000004])]
