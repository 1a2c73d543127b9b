"""np.split's pieces (a list of arrays of different shapes) saved on a tape in a loop were copied with np.copy, which makes one array of a list: ValueError (inhomogeneous shape) inside the generated code

Class: internal; mode: py; check: call; ValueError escaping api.py:_run
Found by: python -m tests.fuzz --n 2000 --seed 3700000 --jit both --jit-every 250 --workers 1 (on c7b28fd); programs 3701546, minimized by tests/fuzz/minimize.py.
s2sad returns: ValueError: setting an array element with a sequence. The requested array has an inhomogeneous shape after 2 dimensions. The detected shape was (2, 2) + inhomogeneous part.
right (central differences): value 2.9924398150391163, gradient 3.909199015404231
module globals changed between calls: CENTERS (rebind) -> [[-0.47, -0.89, 0.37], [0.2, -0.26, -0.27]], LAM (rebind) -> 1.32
Fixed on main (transforms/reverse.py: Reverse.saved pushes a value of unknown kind through rules/schedule.snapshot, which copies a list or tuple element by element).
Replay: python -m tests.fuzz.replay tests/fuzz/findings/split_pieces_on_a_tape.py
"""
import math
import numpy as np
CENTERS = np.array([[0.51, 0.1, 0.74], [0.92, 0.34, 0.17]])
LAM = 1.56

def f(theta):
    W2 = np.array(CENTERS)
    W2[1] = theta
    loss = 0.0
    step = 0
    while step < 50:
        step += 1
        theta -= np.sum(np.split(W2, [1], axis=1)[1] ** 2)
    return np.dot(CENTERS[1], W2[:, 0] @ W2[:])

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['internal', 'py', 'call', 'ValueError', 'api.py:_run'], 'seed': 3701546, 'attempt': 0, 'params': [['theta', []]], 'wrt': ['theta'], 'out': [[]], 'mutations': [['CENTERS', 'rebind', [[-0.47, -0.89, 0.37], [0.2, -0.26, -0.27]]], ['LAM', 'rebind', 1.32]], 'seeds': [3701546], 'campaign': 'python -m tests.fuzz --n 2000 --seed 3700000 --jit both --jit-every 250 --workers 1'}
ARGS = [1.366852802588281]
S2SAD = None
RIGHT = [3.909199015404231]
