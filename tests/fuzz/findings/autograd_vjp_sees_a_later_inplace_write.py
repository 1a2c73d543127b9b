"""autograd's own aliasing, not s2sad: the oracle trusted an autograd gradient that `b *= ...` had changed

autograd's VJP of `b @ B[1]` keeps a reference to `b`, which the program then changes in
place; its gradient of B[1] (components ~1e-7 of a gradient ~1.2) was wrong but agreed with
the directional differences to their tolerance, so the oracle trusted it and flagged s2sad's
right answer (it matches the element-wise differences to 1e-11). The oracle now confirms an
element-wise disagreement with autograd against element-wise differences
(tests/fuzz/reference.Reference._autograd_is_wrong) before calling s2sad wrong.

Class: wrong; mode: py; check: grad
Found by: python -m tests.fuzz --n 10000 --seed 7100000 --jit both --jit-every 100 --workers 1 (fuzzer at 40090e2); programs 7101598, minimized by tests/fuzz/minimize.py.
s2sad returns: value -0.06363754014484262, gradient [[ 0.0000e+00,  0.0000e+00,  0.0000e+00,  0.0000e+00], [-2.6855e-07, -7.6330e-09, -2.6217e-07,  2.6738e-08], [-9.7124e-02, -4.8250e-02,  1.2005e+00, -4.5807e-02]]; [ 6.1987e-08, -1.4856e-07,  3.1723e-07, -1.1850e-07]
autograd gave (wrong; the element-wise differences agree with s2sad): value -0.06363754014484262, gradient [[ 0.0000e+00,  0.0000e+00,  0.0000e+00,  0.0000e+00], [-1.2142e-07, -2.0513e-09,  1.3346e-06,  2.5684e-08], [-9.7124e-02, -4.8250e-02,  1.2005e+00, -4.5807e-02]]; [ 6.1987e-08, -1.4856e-07,  3.1723e-07, -1.1850e-07]
module globals changed between calls: W0 (inplace) -> [0.12, 0.3, -0.61, -0.97]
Replay: python -m tests.fuzz.replay tests/fuzz/findings/autograd_vjp_sees_a_later_inplace_write.py
"""
import math
import numpy as np
W0 = np.array([0.82, 0.72, -0.57, 0.99])

def f(B, b):
    b = b + b
    rho = np.exp(-(b @ B[1]) ** 2)
    for k12, r in zip(W0, b):
        b *= np.maximum(b, W0)
    return np.prod(B[2, :]) + rho

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['wrong', 'py', 'grad', None, None], 'seed': 7101598, 'attempt': 1, 'params': [['B', [3, 4]], ['b', [4]]], 'wrt': ['B', 'b'], 'out': [[]], 'mutations': [['W0', 'inplace', [0.12, 0.3, -0.61, -0.97]]], 'seeds': [7101598], 'campaign': 'python -m tests.fuzz --n 10000 --seed 7100000 --jit both --jit-every 100 --workers 1'}
ARGS = [np.array([[-0.9827324738905989 ,  0.5970484566594707 ,  0.1365018292797524 ,  1.0555213598188757 ],
 [ 0.2835705925136913 , -0.6796276538659909 ,  1.4512331166104948 , -0.5420805741631112 ],
 [ 0.6552171416616916 ,  1.3189136494623792 , -0.05300714133904227,  1.3892406239696498 ]]), np.array([-1.2285409204734439 , -0.03491840487046449, -1.1993228527016537 ,  0.12231463809129561])]
S2SAD = [np.array([[ 0.0000000000000000e+00,  0.0000000000000000e+00,  0.0000000000000000e+00,
   0.0000000000000000e+00],
 [-2.6855452285146505e-07, -7.6330347670536286e-09, -2.6216756079075403e-07,
   2.6737529636130316e-08],
 [-9.7124371323923833e-02, -4.8249976782399916e-02,  1.2005467821309967e+00,
  -4.5807437434928044e-02]]), np.array([ 6.1987487675928617e-08, -1.4856410336768031e-07,  3.1723421717803535e-07, -1.1849681806717593e-07])]
RIGHT = [np.array([[ 0.0000000000000000e+00,  0.0000000000000000e+00,  0.0000000000000000e+00,
   0.0000000000000000e+00],
 [-1.2141934352756456e-07, -2.0512907717279271e-09,  1.3345674619362187e-06,
   2.5683964285723531e-08],
 [-9.7124371323923819e-02, -4.8249976782399916e-02,  1.2005467821309967e+00,
  -4.5807437434928051e-02]]), np.array([ 6.1987487675928617e-08, -1.4856410336768031e-07,  3.1723421717803535e-07, -1.1849681806717593e-07])]
