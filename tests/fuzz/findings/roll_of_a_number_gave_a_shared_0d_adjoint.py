"""np.roll of a number made its adjoint a 0-d array, which the sweep shared and then added to in place: wrong gradient

Class: wrong; mode: py; check: grad
Found by: python -m tests.fuzz --n 3000 --seed 7310000 --jit both --jit-every 50 (at 9664dc1), replayed with --minimize 1; program 7310251, minimized by tests/fuzz/minimize.py.
s2sad returns: value 0.6183842266518033, gradient 1.4081416831018294; [[0.    , 0.    , 0.    , 0.    ], [0.    , 0.    , 0.    , 0.8334]]
right (central differences): value 0.6183842266518033, gradient 1.408141683101697; [[2.2535e-13, 2.2535e-13, 2.2535e-13, 2.2535e-13], [2.2535e-13, 2.2535e-13, 2.2535e-13, 5.9186e-01]]
Replay: python -m tests.fuzz.replay tests/fuzz/findings/roll_of_a_number_gave_a_shared_0d_adjoint.py
"""
import math
import numpy as np

def f(tau, X):
    tau = tau + np.logaddexp(tau, X[1, 3])
    return np.roll(tau, tau)

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['wrong', 'py', 'grad', None, None], 'seed': 7310251, 'attempt': 0, 'params': [['tau', []], ['X', [2, 4]]], 'wrt': ['tau', 'X'], 'out': [[]], 'mutations': [], 'seeds': [7310251], 'campaign': 'python -m tests.fuzz --n 3000 --seed 7310000 --jit both --jit-every 50'}
ARGS = [-0.13887833785167825, np.array([[-0.15669233298002783,  0.23923730891137485,  1.0787395851437953 , -0.5343944171362018 ],
 [-0.3346719355966885 ,  1.2316884518772997 , -1.1557711793397676 ,  0.23277456219755877]])]
S2SAD = [1.4081416831018294, np.array([[0.                , 0.                , 0.                , 0.                ],
 [0.                , 0.                , 0.                , 0.8334203665148059]])]
RIGHT = [1.408141683101697, np.array([[2.2534574853993932e-13, 2.2534574853993932e-13, 2.2534574853993932e-13, 2.2534574853993932e-13],
 [2.2534574853993932e-13, 2.2534574853993932e-13, 2.2534574853993932e-13, 5.9185831689780333e-01]])]
