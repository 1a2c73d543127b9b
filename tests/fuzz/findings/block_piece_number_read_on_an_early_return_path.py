"""A number passed to np.block got its zero adjoint from zeros_pieces(p2), read on a path that returned before p2 was bound (UnboundLocalError in the generated adjoint)

Class: internal; mode: py; check: call; UnboundLocalError escaping api.py:_run
Found by: python -m tests.fuzz --records /work/scratch/s23/c27/two.jsonl --minimize 2 --findings-dir /work/scratch/s23/c27/mini; programs 2703666, minimized by tests/fuzz/minimize.py.
s2sad returns: UnboundLocalError: cannot access local variable 'p2' where it is not associated with a value
right (central differences): [ 0.0956, -0.9887, -0.6096,  0.7074]
module globals changed between calls: GAMMA (rebind) -> 0.79, LAM (rebind) -> 1.48
Fixed on main (transforms/accumulate.py: the zero of a number is 0.0, also as a piece of np.block's list; zeros_pieces is placeholdered like zeros_like; commit 747b9e1).
Replay: python -m tests.fuzz.replay tests/fuzz/findings/block_piece_number_read_on_an_early_return_path.py
"""
import math
import numpy as np
GAMMA = 1.04
LAM = 0.31

def f(x):
    pos = np.ones(2)
    pos[0] = x[1]
    if 1.0 < 0.71:
        y = x
        p2 = GAMMA
        while p2:
            p2 = np.dot(pos, pos)
            if pos:
                p = g[:-1]
                p *= np.block(p2) - np.rint(np.block(p2))
            else:
                g = g * -(y + p2)
    else:
        return (1.5, x)
    state = pos
    return (LAM, p2 + g)

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['internal', 'py', 'call', 'UnboundLocalError', 'api.py:_run'], 'seed': 2703666, 'attempt': 0, 'params': [['x', [4]]], 'wrt': ['x'], 'out': [[], [4]], 'mutations': [['GAMMA', 'rebind', 0.79], ['LAM', 'rebind', 1.48]], 'seeds': [2703666], 'campaign': 'python -m tests.fuzz --records /work/scratch/s23/c27/two.jsonl --minimize 2 --findings-dir /work/scratch/s23/c27/mini'}
ARGS = [np.array([-1.053796182585558  , -0.6202413640334378 ,  1.4120258202608742 ,  0.27188150552340185])]
S2SAD = None
RIGHT = [np.array([ 0.09564379800500218, -0.988669168903475  , -0.6095823260471427 ,  0.7074036316195077 ])]
