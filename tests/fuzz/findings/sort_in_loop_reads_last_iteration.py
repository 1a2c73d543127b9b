"""np.sort in a loop: the rule reads its argument (sort_grad(..., t1, -1)) but the tape does not save it, so every iteration is differentiated with the last iteration's order

Class: wrong; mode: py; check: grad
Found by: python -m tests.fuzz --n 10000 --seed 100000 --jit both --jit-every 100 on main at 45d2e0b (fuzzer at 6d97aab); programs 100149, minimized by tests/fuzz/minimize.py and cleaned by hand.
s2sad returns: value 4.29, gradient [[0., 1., 0., 0., 0.], [0., 1., 0., 0., 0.], [0., 1., 0., 0., 0.]]
right (autograd (agrees with finite differences)): value 4.29, gradient [[0., 0., 0., 0., 1.], [0., 1., 0., 0., 0.], [0., 1., 0., 0., 0.]]
Replay: python -m tests.fuzz.replay tests/fuzz/findings/sort_in_loop_reads_last_iteration.py
"""
import math
import numpy as np

def f(K):
    q = np.zeros(5)
    for u in K:
        q = q + np.sort(u)
    return q[4]

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['wrong', 'py', 'grad', None, None], 'seed': 0, 'attempt': 0, 'params': [['K', [3, 5]]], 'wrt': ['K'], 'out': [[]], 'mutations': [], 'seeds': [100149], 'campaign': 'python -m tests.fuzz --n 10000 --seed 100000 --jit both --jit-every 100 on main at 45d2e0b (fuzzer at 6d97aab)'}
ARGS = [np.array([[-0.28, -1.4 ,  0.69, -0.49,  1.46],
 [-0.53,  1.4 ,  0.02,  0.45,  0.86],
 [-0.52,  1.43, -0.76, -0.49, -0.33]])]
S2SAD = [np.array([[0., 1., 0., 0., 0.],
 [0., 1., 0., 0., 0.],
 [0., 1., 0., 0., 0.]])]
RIGHT = [np.array([[0., 0., 0., 0., 1.],
 [0., 1., 0., 0., 0.],
 [0., 1., 0., 0., 0.]])]
