"""wrong (grad) with jit=False

Class: wrong; mode: py; check: grad
Found by: python -m tests.fuzz --records <campaign 300000 records> --minimize 1 (campaign 300000 on 559a6e5); programs 301836, minimized by tests/fuzz/minimize.py.
s2sad returns: value 1.8796848962711958, gradient [[ 0., -1.,  0.,  0.,  0.], [ 0.,  0.,  0.,  0.,  0.]]; [0., 0.]
right (central differences): value 1.8796848962711958, gradient [[ 5.4940e-13, -1.0000e+00,  5.4940e-13,  5.4940e-13,  5.4940e-13], [-5.0166e-02, -1.0937e+00,  5.2455e-01,  1.3542e+00,  1.0356e+00]]; [3.7538e-13, 3.7538e-13]
Replay: python -m tests.fuzz.replay tests/fuzz/findings/helper_result_reaches_output_through_inplace_add.py
"""
import math
import numpy as np

def model(S):
    traj = []
    traj.append(np.dot(S[1], S[1]))
    return traj

def f(B, w):
    w = -B[np.argmax(w)]
    x1 = w
    x1 += model(B)
    return w[1]

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['wrong', 'py', 'grad', None, None], 'seed': 301836, 'attempt': 0, 'params': [['B', [2, 5]], ['w', [2]]], 'wrt': ['B', 'w'], 'out': [[]], 'mutations': [], 'seeds': [301836], 'campaign': 'python -m tests.fuzz --records <campaign 300000 records> --minimize 1 (campaign 300000 on 559a6e5)'}
ARGS = [np.array([[-0.0352655503944459 , -0.784630319956892  ,  1.0103905906515602 , -0.6599789698231483 ,
   0.28875646531103216],
 [-0.02508311390477513, -0.5468323021506064 ,  0.2622741094156693 ,  0.6771064363498969 ,
   0.5178214097732656 ]]), np.array([ 0.7260952907155067, -1.4787814067369784])]
S2SAD = [np.array([[ 0., -1.,  0.,  0.,  0.],
 [ 0.,  0.,  0.,  0.,  0.]]), np.array([0., 0.])]
RIGHT = [np.array([[ 5.4940289176150104e-13, -9.9999999999735800e-01,  5.4940289176150104e-13,
   5.4940289176150104e-13,  5.4940289176150104e-13],
 [-5.0166227809326211e-02, -1.0936646043012732e+00,  5.2454821883002989e-01,
   1.3542128727000922e+00,  1.0356428195461038e+00]]), np.array([3.753844278698809e-13, 3.753844278698809e-13])]
