"""np.linalg.det of an exactly rank-one matrix with huge entries: the SVD cofactor matrix was rounding noise (~1e252), the chain rule overflowed it to NaN; the gradient is exactly 0

Class: wrong; mode: py; check: grad
Found by: python -m tests.fuzz --records /work/scratch/s16/find/sel_909646.jsonl --minimize 1 --findings-dir /work/scratch/s16/find/out909; programs 909646, minimized by tests/fuzz/minimize.py.
s2sad returns: value 0.0, gradient [[nan, nan, nan, nan], [nan, nan, nan, nan], [nan, nan, nan, nan]]
right (central differences): value 0.0, gradient [[0., 0., 0., 0.], [0., 0., 0., 0.], [0., 0., 0., 0.]]
Fixed on branch fuzzfix: runtime._cofactors sets the singular values at rounding level to 0 (regression test: tests/rules/test_det_singular.py).
Replay: python -m tests.fuzz.replay tests/fuzz/findings/det_of_rank_one_matrix_nan.py
"""
import math
import numpy as np

def f(A):
    u = A
    idx = 0
    u = u + np.sqrt(np.dot(np.trapezoid(A, axis=-1), np.matmul(A[:, :3], A[:, -1])) ** 2)
    A = np.kron(A[-1, 0], u)
    C = 1.0
    k12 = 0.0
    k12 = 0.5
    l = 0
    T, beta = (k12, k12)
    k12 = 1.0
    return np.linalg.det(np.cosh((A @ (k12 * np.ones((4, 3)))) ** 2))

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['wrong', 'py', 'grad', None, None], 'seed': 909646, 'attempt': 0, 'params': [['A', [3, 4]]], 'wrt': ['A'], 'out': [[]], 'mutations': [], 'seeds': [909646], 'campaign': 'python -m tests.fuzz --records /work/scratch/s16/find/sel_909646.jsonl --minimize 1 --findings-dir /work/scratch/s16/find/out909'}
ARGS = [np.array([[-1.279989892301694  ,  0.6126425585422002 , -0.9172923519875625 , -0.5758305482792884 ],
 [ 0.776925638290523  ,  1.4199081568456422 , -0.16483608258799665, -1.3289494833860833 ],
 [-0.4916692666757978 , -1.398305777270099  , -0.6295630876735575 , -0.4707153340222827 ]])]
S2SAD = [np.array([[float('nan'), float('nan'), float('nan'), float('nan')], [float('nan'), float('nan'), float('nan'), float('nan')], [float('nan'), float('nan'), float('nan'), float('nan')]])]
RIGHT = [np.array([[0., 0., 0., 0.],
 [0., 0., 0., 0.],
 [0., 0., 0., 0.]])]
