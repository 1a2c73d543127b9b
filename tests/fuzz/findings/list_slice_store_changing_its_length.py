"""a slice store that changes a list's length (`L[:1] = [a, b]`): silently wrong gradient under jit=True, AdjointFailedError (IndexError inside the adjoint) without jit; jvp exact

Class: wrong; mode: jit; check: grad
Found by hand (fuzz51, stop 51) while probing lists that change length next to the rebinds51 campaign, on
d4c971b (main d7eccf1 plus the fuzz51 fixes; the same on main). Open: not fixed here.
s2sad returns: [0, 3, 2, 0] under jit=True (grad and checkpoint without jit: AdjointFailedError,
IndexError: index 2 is out of bounds for axis 0 with size 2)
right (central differences): [0, 5, 2, 3]
The reverse sweep treats the list's slice store as an array's: `b_t = unbroadcast(b_L[:1], t)` broadcasts one
element's adjoint over the two stored items, and the list's adjoint, made at the final length, is then read at
the positions of the list before the store. Also `L[1:3] = [e]` (shrinks; AdjointFailedError under jit too) and
a helper doing it (`c[:1] = [a, a * 2.0]`). `L[1:] = [e0, e1, e2]` (growing at the end) is right. A store of the
same length is right. Fix: rebind `L` to the list Python leaves (as `frontend/list_mutation.py` does for
`insert`/`del`), or refuse a slice store into a list unless its length is kept.
Fixed at stop 51: frontend/list_mutation.py rebuilds a local list no one else holds from a slice store (the items before, the new ones, the items after); one another name or a helper's caller holds is refused at its line.
Replay: python -m tests.fuzz.replay tests/fuzz/findings/list_slice_store_changing_its_length.py
"""
import numpy as np


def f(x):
    L = [x[0], x[1]]
    L[:1] = [x[2], x[3]]
    return L[0] * 2.0 + L[1] * 3.0 + L[2] * 5.0

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['wrong', 'jit', 'grad', None, None], 'seed': 51999002, 'attempt': 0, 'params': [['x', [4]]], 'wrt': ['x'], 'out': [[]], 'mutations': [], 'seeds': [51999002], 'campaign': 'by hand, next to the fuzz51 campaign 51100000'}
ARGS = [np.array([0.7, -0.4, 1.1, 0.3])]
S2SAD = [np.array([0.0, 3.0, 2.0, 0.0])]
RIGHT = [np.array([0.0, 5.0, 2.0, 3.0])]
