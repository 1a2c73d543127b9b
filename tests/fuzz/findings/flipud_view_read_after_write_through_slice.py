"""wrong (grad) with jit=False

Class: wrong; mode: py; check: grad
Found by: python -m tests.fuzz --records <campaign 300000 records> --minimize 1 (campaign 300000 on 559a6e5); programs 302257, minimized by tests/fuzz/minimize.py.
s2sad returns: value 6.130103154133094, gradient 0.0; [-7.4246,  8.1158, -8.9604,  8.2692]
right (central differences): value 6.130103154133094, gradient -1.4802973661668753e-12; [-5.7925,  6.3318, -6.9907,  6.4514]
module globals changed between calls: OFFSET (inplace) -> [-0.36, -0.66]
Replay: python -m tests.fuzz.replay tests/fuzz/findings/flipud_view_read_after_write_through_slice.py
"""
import math
import numpy as np
OFFSET = np.array([0.81, 0.01])

def f(alpha, x):
    prob = np.array(OFFSET)
    prob[1] = np.var(x, ddof=1)
    g = prob[1:]
    g *= np.flipud(prob) @ np.median(np.minimum(+(prob[:, None] * prob), np.matmul(np.outer(prob, x), np.outer(x, prob))), axis=1)
    out = prob
    return np.sum(out)

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['wrong', 'py', 'grad', None, None], 'seed': 302257, 'attempt': 0, 'params': [['alpha', []], ['x', [4]]], 'wrt': ['alpha', 'x'], 'out': [[]], 'mutations': [['OFFSET', 'inplace', [-0.36, -0.66]]], 'seeds': [302257], 'campaign': 'python -m tests.fuzz --records <campaign 300000 records> --minimize 1 (campaign 300000 on 559a6e5)'}
ARGS = [0.16059944219193323, np.array([-1.2117055791833975,  0.8861298778574538, -1.4190282025988021,  0.9068346243671219])]
S2SAD = [0.0, np.array([-7.424626813422847,  8.115846450524176, -8.960443969808965,  8.269224332707637])]
RIGHT = [-1.4802973661668753e-12, np.array([-5.792497537448155,  6.33176882291766 , -6.990701476831733,  6.451430191363273])]
