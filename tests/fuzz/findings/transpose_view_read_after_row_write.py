"""K[1] = K.T @ K[:, 0]: the adjoint of the matmul reads the transpose view K.T after the row write changed it (the view is not taped, K[:, 0] is): wrong gradient

Class: wrong; mode: py; check: grad
Found by: python -m tests.fuzz --n 10000 --seed 200000 --jit both --jit-every 100 --workers 12 on fuzz at 5867e0e (main 3958bec); programs 202624, minimized by tests/fuzz/minimize.py and cleaned by hand; still reproduces on main a2d2288.
s2sad returns: gradient [[3.05, 1.7, 1.7, 1.7], [-1.3425, -0.75, -0.75, -0.75]]
right (central differences): gradient [[3.05, 1.7, 1.7, 1.7], [1.3, -0.75, -0.75, -0.75]]
The generated adjoint: t1 = np.transpose(K); t2 = K[:, 0]; tape_t2.append(np.copy(t2)); t3 = t1 @ t2; K[1] = t3;
... b_K[:, 0] += dot_grad_right(b_t3, t1, t2) reads t1, a view of K, after K[1] = t3. Also wrong:
K[1] = np.transpose(K) @ K @ y and K[1] = np.matmul(np.transpose(K), np.sum(K, axis=1)); right with
np.copy(K.T), with W.T, or when the other operand is a constant (only the left operand's value is read).
The same root cause (each is right when the view is copied: np.copy(K.T), np.copy(tmp.reshape(1, -1)), ...; minimized
from campaign 200000, not yet reduced to this program): 204091 `out = K @ K.T @ out; for res in K: res -= res`
(half the gradient), 204381 `tmp[1:] = np.matmul(tmp.reshape(1, -1), tmp)` (the reshape view), 204688
`B[:, 4] *= np.max(np.swapaxes(B, 0, 1), axis=0)` (NaN in the gradient).
Replay: python -m tests.fuzz.replay tests/fuzz/findings/transpose_view_read_after_row_write.py
"""
import math
import numpy as np

def f(W):
    K = np.copy(W)
    K[1] = K.T @ K[:, 0]
    return np.sum(K)

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['wrong', 'py', 'grad', None, None], 'seed': 202624, 'attempt': 0, 'params': [['W', [2, 4]]], 'wrt': ['W'], 'out': [[]], 'mutations': [], 'seeds': [202624], 'campaign': 'python -m tests.fuzz --n 10000 --seed 200000 --jit both --jit-every 100 --workers 12 on fuzz at 5867e0e (main 3958bec)'}
ARGS = [np.array([[0.7, 1.3, -0.25, -0.4], [-0.75, 0.85, 1.15, 0.8]])]
S2SAD = [np.array([[3.05, 1.7, 1.7, 1.7], [-1.3425, -0.75, -0.75, -0.75]])]
RIGHT = [np.array([[3.05, 1.7, 1.7, 1.7], [1.3, -0.75, -0.75, -0.75]])]
