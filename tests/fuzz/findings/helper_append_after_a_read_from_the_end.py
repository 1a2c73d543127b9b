"""a list grown by the user's own helper, read from its end before the call: the read's gradient goes to the pushed element (silently wrong, reverse mode; jvp exact)

Class: wrong; mode: py; check: grad
Found by: python -m tests.fuzz --n 3000 --seed 48100000 --modes grad,vjp,jvp,ckpt --jit off (on ed691cb); program 48100539 (grad, vjp, ckpt wrong), minimized by tests/fuzz/minimize.py and by hand.
s2sad returns: [0., 0.]; [3., 0.]
right (central differences): [-0.0102, -0.0102]; [3., 0.0952]
The reverse sweep indexes a list's adjoint at its final length, so reads of a list that grows are made
absolute (frontend/list_index.py) -- but only for appends written in the function itself, not a helper's
(inlined later). A fix that counts a helper call that may append as an append (stop 48) broke 24 tests
(helpers writing arrays with `+=`, recursion): reverted; open.
Replay: python -m tests.fuzz.replay tests/fuzz/findings/helper_append_after_a_read_from_the_end.py
"""
import numpy as np


def push(xs, v):
    xs.append(v)


def f(v, y):
    terms = [1.0, np.sum(v * y[1])]
    u = 0.5 * terms[-1]
    push(terms, y[0] * 3.0)
    return u * u + terms[2]

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['wrong', 'py', 'grad', None, None], 'seed': 48100539, 'attempt': 1, 'params': [['v', [2]], ['y', [2]]], 'wrt': ['v', 'y'], 'out': [[]], 'mutations': [], 'seeds': [48100539], 'campaign': 'python -m tests.fuzz --n 3000 --seed 48100000 --modes grad,vjp,jvp,ckpt --jit off'}
ARGS = [np.array([-0.42, -0.79]), np.array([0.43, 0.13])]
S2SAD = [np.array([0.0, 0.0]), np.array([3.0, 0.0])]
RIGHT = [np.array([-0.0102245, -0.0102245]), np.array([3.0, 0.0951665])]
