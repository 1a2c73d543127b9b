"""np.array of a nested list literal (a matrix written out by rows) drops the dependency on its entries

Class: wrong; mode: py; check: grad
Found by: the CI sample (tests/fuzz/test_sample.py; fuzzer at dfa6d15); programs 19, minimized by tests/fuzz/minimize.py and cleaned by hand.
s2sad returns: value 7.7406, gradient [0., 0., 0.]; 0.0
right (autograd (agrees with finite differences)): value 7.7406, gradient [0.   , 6.473, 0.   ]; 7.513999999999999
Replay: python -m tests.fuzz.replay tests/fuzz/findings/nested_list_in_np_array.py
"""
import math
import numpy as np

def f(w, c):
    M = np.array([[c, 0.5, 0.0], [0.5, c * c, 0.1], [0.0, 0.1, w[1]]]) + 2.0 * np.eye(3)
    return np.linalg.det(M)

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['wrong', 'py', 'grad', None, None], 'seed': 0, 'attempt': 0, 'params': [['w', [3]], ['c', []]], 'wrt': ['w', 'c'], 'out': [[]], 'mutations': [], 'seeds': [19], 'campaign': 'the CI sample (tests/fuzz/test_sample.py; fuzzer at dfa6d15)'}
ARGS = [np.array([ 0.3, -0.8,  1.1]), 0.7]
S2SAD = [np.array([0., 0., 0.]), 0.0]
RIGHT = [np.array([0.   , 6.473, 0.   ]), 7.513999999999999]
