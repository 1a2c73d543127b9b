"""c = W[:, 1].dot(W[:, 0]) before a loop that normalizes W's rows in place, then return 0.5 * c: the optimizer moves np.dot(t2, t3) (t2, t3 views of W) into the return, after the writes: wrong value and gradient

Class: wrong; mode: py; check: value
Found by: python -m tests.fuzz --n 10000 --seed 100000 --jit both --jit-every 100 on main at 45d2e0b (fuzzer at 6d97aab); programs 100488, minimized by tests/fuzz/minimize.py and cleaned by hand.
s2sad returns: value 0.5065289491170573, gradient [[0.12 , 0.87 , 0.   ], [0.97 , 0.36 , 0.   ], [0.615, 0.965, 0.   ], [0.805, 0.885, 0.   ]]
right (central differences): value 3.5189999999999997, gradient [[1.2000e-01, 8.7000e-01, 7.6567e-13], [9.7000e-01, 3.6000e-01, 7.6567e-13], [6.1500e-01, 9.6500e-01, 7.6567e-13], [8.0500e-01, 8.8500e-01, 7.6567e-13]]
Replay: python -m tests.fuzz.replay tests/fuzz/findings/dot_of_views_moved_past_inplace_write.py
"""
import math
import numpy as np

def f(W):
    W = W + 1.0
    c = W[:, 1].dot(W[:, 0])
    for row in W:
        row /= np.linalg.norm(row)
    return 0.5 * c

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['wrong', 'py', 'value', None, None], 'seed': 0, 'attempt': 0, 'params': [['W', [4, 3]]], 'wrt': ['W'], 'out': [[]], 'mutations': [], 'seeds': [100488], 'campaign': 'python -m tests.fuzz --n 10000 --seed 100000 --jit both --jit-every 100 on main at 45d2e0b (fuzzer at 6d97aab)'}
ARGS = [np.array([[ 0.74, -0.76,  1.44],
 [-0.28,  0.94, -0.02],
 [ 0.93,  0.23,  1.36],
 [ 0.77,  0.61, -1.45]])]
S2SAD = [np.array([[0.12              , 0.87              , 0.                ],
 [0.97              , 0.36              , 0.                ],
 [0.615             , 0.9650000000000001, 0.                ],
 [0.8049999999999999, 0.885             , 0.                ]])]
RIGHT = [np.array([[1.200000000014089e-01, 8.700000000013455e-01, 7.656710514656252e-13],
 [9.700000000010307e-01, 3.600000000006535e-01, 7.656710514656252e-13],
 [6.149999999978092e-01, 9.650000000000255e-01, 7.656710514656252e-13],
 [8.049999999974664e-01, 8.849999999997669e-01, 7.656710514656252e-13]])]
