"""wrong (grad) with jit=False

Class: wrong; mode: py; check: grad
Found by: python -m tests.fuzz --records <campaign 300000 records> --minimize 1 (campaign 300000 on 559a6e5); programs 305785, minimized by tests/fuzz/minimize.py.
s2sad returns: value -0.587994721927334, gradient [[1., 1., 1., 1., 1.], [0., 0., 0., 0., 0.], [0., 0., 0., 0., 0.]]
right (central differences): value -0.587994721927334, gradient [[2., 1., 1., 1., 1.], [0., 0., 0., 0., 0.], [0., 0., 0., 0., 0.]]
Replay: python -m tests.fuzz.replay tests/fuzz/findings/element_of_view_added_through_another_name.py
"""
import math
import numpy as np

def f(A, eps=0.1):
    B = np.copy(A)
    grad = B[0]
    t = 0
    total = grad[t]
    H = B
    H[0, t] += total
    return np.sum(grad)

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['wrong', 'py', 'grad', None, None], 'seed': 305785, 'attempt': 0, 'params': [['A', [3, 5]], ['eps', ['default', 0.1]]], 'wrt': ['A'], 'out': [[]], 'mutations': [], 'seeds': [305785], 'campaign': 'python -m tests.fuzz --records <campaign 300000 records> --minimize 1 (campaign 300000 on 559a6e5)'}
ARGS = [np.array([[-0.6555531073552352 ,  1.3364484265368382 , -1.0806095257267874 ,  0.7489810115043993 ,
  -0.28170841953131376],
 [ 0.3647206510353156 ,  1.1907876375475084 ,  0.05932086309500617, -0.5127956219359475 ,
  -1.0002962093501218 ],
 [ 0.09434965976258436,  0.8183212152407129 ,  1.06071191368956   ,  0.602085363623388  ,
   0.8277158702651017 ]])]
S2SAD = [np.array([[1., 1., 1., 1., 1.],
 [0., 0., 0., 0., 0.],
 [0., 0., 0., 0., 0.]])]
RIGHT = [np.array([[1.9999999999996045, 0.9999999999995254, 0.9999999999995254, 0.9999999999995254,
  0.9999999999995254],
 [0.                , 0.                , 0.                , 0.                ,
  0.                ],
 [0.                , 0.                , 0.                , 0.                ,
  0.                ]])]
