"""rows of a copy updated in place in a loop (for row in B: row -= np.mean(row)) are lost

Class: wrong; mode: py; check: value
Found by: python -m tests.fuzz --n 400 --seed 30000 --jit off --minimize 8 (fuzzer at eb98b34); programs 30073, minimized by tests/fuzz/minimize.py and cleaned by hand.
s2sad returns: value 1.6920000000000004, gradient [[0.27, 1.92, 3.63], [0.75, 2.43, 0.12]]
right (central differences): value -0.3599999999999999, gradient [[-1.79,  1.18,  0.61], [-0.59,  0.13,  0.46]]
Replay: python -m tests.fuzz.replay tests/fuzz/findings/row_views_updated_in_loop.py
"""
import math
import numpy as np

def f(A):
    B = A.copy()
    for row in B:
        row -= np.mean(row)
    return np.sum(B ** 3)

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['wrong', 'py', 'value', None, None], 'seed': 0, 'attempt': 0, 'params': [['A', [2, 3]]], 'wrt': ['A'], 'out': [[]], 'mutations': [], 'seeds': [30073], 'campaign': 'python -m tests.fuzz --n 400 --seed 30000 --jit off --minimize 8 (fuzzer at eb98b34)'}
ARGS = [np.array([[ 0.3, -0.8,  1.1],
 [ 0.5,  0.9, -0.2]])]
S2SAD = [np.array([[0.27               , 1.9200000000000004 , 3.630000000000001  ],
 [0.75               , 2.43               , 0.12000000000000002]])]
RIGHT = [np.array([[-1.789999999998905  ,  1.179999999997765  ,  0.6100000000012239 ],
 [-0.5900000000003124 ,  0.13000000000041595,  0.4599999999992236 ]])]
