"""a helper that returns its argument (def ident(M): return M), then V = ident(S); V[1] = 2.0: the write is not seen through S (the call is treated as returning a fresh array): wrong gradient

Class: wrong; mode: py; check: grad
Found by: python -m tests.fuzz --n 10000 --seed 200000 --jit both --jit-every 100 --workers 12 on fuzz at 5867e0e (main 3958bec); programs 203380 (val, vel = smooth(s2, np.max(R), S) with smooth returning (M, M), then jac[:, 3] = ... through the alias), minimized by tests/fuzz/minimize.py and by hand; still reproduces on main a2d2288.
s2sad returns: value right (5.61800), gradient row 1 = cos(2.0) = -0.41615 everywhere
right (central differences): gradient row 1 = 0 (S[1] is overwritten by the constant 2.0)
The generated adjoint keeps `V = ident(S); V[1] = 2.0` in the forward sweep, but its reverse sweep is
b_S = sum_grad(dout, t1, None, False) * np.cos(S); b_X = unbroadcast(b_S, X): nothing zeroes b_S[1].
Also wrong: `val, vel = pair(S)` with `def pair(M): return (M, M)`, and the same in a loop over the
rows of S (`for prob in S: vel = ident(S); vel[:, 3] = prob[2:] * 2.0`). Right: `val, vel = (S, S)` inline.
The same (campaign 200000, program 204568; right when written inline as m += m): `def activation(k0): return k0`, then
`for m in W2: m += activation(m)`: the gradient of m + m is 1, right 2.
Possibly related, not reduced further (program 205968): `def rhs(z, alpha, coef): return (z, coef)`;
`x12 = np.zeros(4); x12[0] = 1.0; prob2 = x12; prob2 /= rhs(w, 0.0, x12)[0]; return np.sum(x12)`: gradient 0, right -0.446.
Replay: python -m tests.fuzz.replay tests/fuzz/findings/helper_returning_its_argument_drops_write.py
"""
import math
import numpy as np

def ident(M):
    return M

def f(X):
    S = X * 1.0
    V = ident(S)
    V[1] = 2.0
    return np.sum(np.sin(S))

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['wrong', 'py', 'grad', None, None], 'seed': 203380, 'attempt': 0, 'params': [['X', [2, 4]]], 'wrt': ['X'], 'out': [[]], 'mutations': [], 'seeds': [203380], 'campaign': 'python -m tests.fuzz --n 10000 --seed 200000 --jit both --jit-every 100 --workers 12 on fuzz at 5867e0e (main 3958bec)'}
ARGS = [np.array([[-0.5, 1.3, 1.2, 0.6], [0.1, -0.8, 0.7, 1.2]])]
S2SAD = [np.array([[0.8775825618903728, 0.26749882862458735, 0.3623577544766736, 0.8253356149096783], [-0.4161468365471424, -0.4161468365471424, -0.4161468365471424, -0.4161468365471424]])]
RIGHT = [np.array([[0.8775825618903728, 0.26749882862458735, 0.3623577544766736, 0.8253356149096783], [0.0, 0.0, 0.0, 0.0]])]
