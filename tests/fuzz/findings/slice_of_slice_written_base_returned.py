"""wrong (vjp) with jit=False

Class: wrong; mode: py; check: vjp
Found by: python -m tests.fuzz --records <campaign 300000 records> --minimize 1 (campaign 300000 on 559a6e5); programs 302105, minimized by tests/fuzz/minimize.py.
s2sad returns: [0., 0., 0.]; [0., 0., 0., 0., 0.]
right (central differences): [0.7465, 0.9189, 0.8197]; [2.0588e-13, 2.0588e-13, 2.0588e-13, 2.0588e-13, 2.0588e-13]
Replay: python -m tests.fuzz.replay tests/fuzz/findings/slice_of_slice_written_base_returned.py
"""
import math
import numpy as np

def f(y, q, eps=2.0):
    z = np.zeros_like(q)
    for k in range(q.shape[0]):
        z[k] += 1.0
    res = z[1:]
    res[1:] *= y
    return z

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['wrong', 'py', 'vjp', None, None], 'seed': 302105, 'attempt': 0, 'params': [['y', [3]], ['q', [5]], ['eps', ['default', 2.0]]], 'wrt': ['y', 'q'], 'out': [[5]], 'mutations': [], 'seeds': [302105], 'campaign': 'python -m tests.fuzz --records <campaign 300000 records> --minimize 1 (campaign 300000 on 559a6e5)'}
ARGS = [np.array([ 0.20823719579868416, -1.45112133500694   ,  0.770532095734215  ]), np.array([ 1.0628906561520504, -1.3481306766444348,  0.6928078586331861, -0.4186768888316481,
  0.8769306246848396])]
S2SAD = [np.array([0., 0., 0.]), np.array([0., 0., 0., 0., 0.])]
RIGHT = [np.array([0.7465425446287378, 0.9189423077558055, 0.8197334450406275]), np.array([2.058819378304924e-13, 2.058819378304924e-13, 2.058819378304924e-13, 2.058819378304924e-13,
 2.058819378304924e-13])]
