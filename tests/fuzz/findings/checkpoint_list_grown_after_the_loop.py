"""checkpoint=K of a loop reading a list that is appended to after the loop: the reverse driver started the list's gradient from zeros of the list the loop read (2 items), the caller's is at the final length (3): "operands could not be broadcast together" inside the generated code

Class: internal; mode: ckpt; check: call; AdjointFailedError (a ValueError of the generated code) at api.py:_refuse_non_scalar
Found by: python -m tests.fuzz --n 3000 --seed 49200000 --modes grad,vjp,jvp,ckpt --jit off --only matches,tuples,signatures,effects,classes,lists,views,inplace,branches,for,helpers (fuzz49 at 2aa4344, main 194c8bc); program 49200125 (attempt 1), minimized by hand (the minimizer re-drafts without --only).
s2sad returns: AdjointFailedError: s2sad's derivative code for this line raised ValueError: operands could not be broadcast together with shapes (3,2) (2,2) (3,2)
right (central differences; grad without checkpoint agrees): 2.0
Replay: python -m tests.fuzz.replay tests/fuzz/findings/checkpoint_list_grown_after_the_loop.py
"""
import numpy as np

def f(c):
    ys = [c * np.ones(2), np.ones(2)]
    u = c
    for count in range(2):
        u = u * ys[-1][0]
    ys.append(c * np.ones(2))
    return u + ys[-1][1]

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['internal', 'ckpt', 'call', 'AdjointFailedError', 'api.py:_refuse_non_scalar'], 'seed': 0, 'attempt': 0, 'params': [['c', []]], 'wrt': ['c'], 'out': [[]], 'mutations': [], 'seeds': [49200125], 'campaign': 'python -m tests.fuzz --n 3000 --seed 49200000 --modes grad,vjp,jvp,ckpt --jit off --only matches,tuples,signatures,effects,classes,lists,views,inplace,branches,for,helpers'}
ARGS = [0.3]
S2SAD = None
RIGHT = [2.0]
