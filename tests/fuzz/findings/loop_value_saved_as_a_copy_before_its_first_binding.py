"""A value a loop saves (copied: tape.append(np.copy(t))) before the body rebinds it was read on the first iteration, before anything bound it (UnboundLocalError in the generated adjoint)

Class: internal; mode: py; check: call; UnboundLocalError escaping api.py:_run
Found by: python -m tests.fuzz --records /work/scratch/s23/c27/two.jsonl --minimize 2 --findings-dir /work/scratch/s23/c27/mini; programs 2700477, minimized by tests/fuzz/minimize.py.
s2sad returns: UnboundLocalError: cannot access local variable 't2' where it is not associated with a value
right (central differences): value 2.2571015597307404, gradient [[0., 0., 0., 0.], [0., 0., 0., 0.], [0., 0., 0., 0.]]
Fixed on main (pipeline_assemble._placeholders: a value pushed copied gets a placeholder before the loop too, as one pushed bare did; commit 747b9e1).
Replay: python -m tests.fuzz.replay tests/fuzz/findings/loop_value_saved_as_a_copy_before_its_first_binding.py
"""
import math
import numpy as np

def f(A, beta=0.1):
    step = 0
    s = 0.0
    i = 0
    while i < 50:
        i += 1
        A = np.tanh(A + (A[:, 3:] if abs(s) < 0.74 else np.fliplr(A[:, 3:])))
        B = A
        B[-1, -1] = np.sinc(s) - np.add(s, s)
    mu2 = 1.0
    return np.logaddexp(np.sort(A[-1])[0] + np.sort(A[-1])[1], mu2)

# ---- replay data ----
FINDING = {'status': 'fixed', 'signature': ['internal', 'py', 'call', 'UnboundLocalError', 'api.py:_run'], 'seed': 2700477, 'attempt': 0, 'params': [['A', [3, 4]], ['beta', ['default', 0.1]]], 'wrt': ['A'], 'out': [[]], 'mutations': [], 'seeds': [2700477], 'campaign': 'python -m tests.fuzz --records /work/scratch/s23/c27/two.jsonl --minimize 2 --findings-dir /work/scratch/s23/c27/mini'}
ARGS = [np.array([[-0.9385997568115901 ,  1.4653434676670134 ,  0.08293752536360133,  0.8716345470306877 ],
 [ 0.2682067926242888 ,  0.7185482210646494 ,  1.4205955676569988 , -0.5541896156583007 ],
 [ 1.1009198398209525 , -0.8838192374474023 ,  0.4228953735709309 ,  0.8775037874739988 ]])]
S2SAD = None
RIGHT = [np.array([[0., 0., 0., 0.],
 [0., 0., 0., 0.],
 [0., 0., 0., 0.]])]
