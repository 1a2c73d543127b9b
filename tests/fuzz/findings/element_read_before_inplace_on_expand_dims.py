"""R = np.expand_dims(np.array([0.19, a, a, 1.7]), 1); beta = R[3, -1]; R *= R: the VALUE is wrong (beta is read after the in-place square: 2.89 instead of 1.7)

Class: wrong; mode: py; check: value
Found by: python -m tests.fuzz --n 10000 --seed 200000 --jit both --jit-every 100 --workers 12 on fuzz at 5867e0e (main 3958bec); programs 205617, minimized by tests/fuzz/minimize.py and by hand; still reproduces on main a2d2288.
s2sad returns: value 3.19 (value_and_grad), gradient 1.0
right (the primal): value 2.0, gradient 1.0
Right without expand_dims (R = np.array([[0.19], [a], [1.7]])). s2sad.grad(f).source, built for other
argument kinds, instead refuses `R *= R` as "a write through R, which shares memory with a", a float.
Also the same family as transpose_view_read_after_row_write: 205092 (m = y; m[1:] -= np.dot(y, np.expand_dims(y, 1)),
right with np.copy of the expand_dims view) and 205283 (G[1] += np.dot(G.T, G[:, 4])).
Replay: python -m tests.fuzz.replay tests/fuzz/findings/element_read_before_inplace_on_expand_dims.py
"""
import math
import numpy as np

def f(a):
    R = np.expand_dims(np.array([0.19, a, a, 1.7]), 1)
    beta = R[3, -1]
    R *= R
    return beta + a

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['wrong', 'py', 'value', None, None], 'seed': 205617, 'attempt': 0, 'params': [['a', []]], 'wrt': ['a'], 'out': [[]], 'mutations': [], 'seeds': [205617], 'campaign': 'python -m tests.fuzz --n 10000 --seed 200000 --jit both --jit-every 100 --workers 12 on fuzz at 5867e0e (main 3958bec)'}
ARGS = [0.3]
S2SAD = [1.0]
RIGHT = [1.0]
