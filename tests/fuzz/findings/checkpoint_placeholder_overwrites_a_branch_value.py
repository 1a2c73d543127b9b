"""checkpoint=K: a loop state assigned on some paths before the loop got its placeholder right before the loop, overwriting the value (`if c: pass / else: r2 = ALPHA` then the loop: r2 was 0.0): wrong value and gradient

Class: wrong; mode: ckpt; check: ckpt
Found by: python -m tests.fuzz --n 3000 --seed 48000000 --modes grad,vjp,jvp,ckpt --jit both (on ed691cb); program 48000081, minimized by tests/fuzz/minimize.py.
s2sad returns: [-0.2378,  3.1537, -0.5619]
right (autograd (agrees with finite differences)): [-0.2378,  1.8413, -0.5619]
module globals changed between calls: ALPHA (rebind) -> 1.63
Replay: python -m tests.fuzz.replay tests/fuzz/findings/checkpoint_placeholder_overwrites_a_branch_value.py
"""
import math
import numpy as np
import functools
import operator
import scipy.special
ALPHA = 0.49

def f(y):
    if 1.0 < 0.16:
        pass
    else:
        r2 = ALPHA
    for z, u in zip(y, y):
        r2 = r2 + y[1]
    return (np.tanh(r2).sum(), y)

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['wrong', 'ckpt', 'ckpt', None, None], 'seed': 48000081, 'attempt': 0, 'params': [['y', [3]]], 'wrt': ['y'], 'out': [[], [3]], 'mutations': [['ALPHA', 'rebind', 1.63]], 'seeds': [48000081], 'campaign': 'python -m tests.fuzz --n 3000 --seed 48000000 --modes grad,vjp,jvp,ckpt --jit both'}
ARGS = [np.array([0.30390093024022446, 0.22131485465816114, 0.7075709181184702 ])]
S2SAD = [np.array([-0.23776622718909346,  3.1536778975741084 , -0.5619115002052464 ])]
RIGHT = [np.array([-0.23776622718909346,  1.8412614018389402 , -0.5619115002052464 ])]
