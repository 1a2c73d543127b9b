"""The same random numbers at every evaluation of a program that draws (``draws50.py``).

The oracle evaluates one program many times: the primal, each finite-difference step, autograd, and
s2sad in every mode (two calls for ``grad``). A program drawing from a generator made in the function
from a constant seed is deterministic by itself; one drawing from a module-level generator
(``RNG = np.random.default_rng(s)``), from ``np.random``'s own state, or from a generator passed in
(``def f(x, rng)``) is not: each call advances the generator. So:

* ``begin(source)``: a new program (forget the last one's generators; note whether it draws from
  ``np.random``'s own state);
* ``register(namespace)``: after a copy of the program is executed (the imported module, the
  instrumented copy, autograd's copy), record the state of each module-level generator in it;
* ``fresh()``: put every recorded generator back to its recorded state (in place: the same object,
  so a compiled adjoint holding it sees the reset) and reseed ``np.random``, NumPy's and numba's (with
  ``jit=True`` numba's ``np.random`` keeps a state of its own, seeded only from compiled code: the
  README says so; seeded alike, it draws NumPy's numbers);
* ``copied(a)``: a generator argument's own copy, in the state the caller's has;
* ``passed(args)``: the arguments for one call of s2sad's function: ``fresh()``, generators copied, the
  arrays themselves (the oracle checks s2sad leaves the caller's arrays as they were).

Every call of a program takes its arguments from ``reference.copy_args`` (``fresh``, arrays and
generators copied) right before the call, every call of s2sad's function of it from ``passed``.
Invariant: the caller's generator arguments are never advanced, and between ``fresh()`` and the call
nothing else draws.
"""
import copy
import re

import numpy as np

__all__ = ["GENERATORS", "NP_SEED", "begin", "copied", "fresh", "passed", "register"]

GENERATORS = (np.random.Generator, np.random.RandomState)
NP_SEED = 5050
_OWN_STATE = re.compile(r"\bnp\.random\.(?!default_rng\b|RandomState\b|Generator\b)\w+\(")
_STATE = {"recorded": [], "np": False}


def begin(source):
    _STATE["recorded"] = []
    _STATE["np"] = bool(_OWN_STATE.search(source))


def register(namespace):
    for key, value in list(namespace.items()):
        if isinstance(value, GENERATORS):
            _STATE["recorded"].append((namespace, key, copy.deepcopy(value)))


def fresh():
    for namespace, key, initial in _STATE["recorded"]:
        gen = namespace.get(key)
        if isinstance(gen, np.random.Generator):
            gen.bit_generator.state = initial.bit_generator.state
        elif isinstance(gen, np.random.RandomState):
            gen.set_state(initial.get_state())
    if _STATE["np"]:
        np.random.seed(NP_SEED)
        _numba_seed()(NP_SEED)


def _numba_seed():
    if "seed" not in _STATE:
        import numba

        @numba.njit
        def seed(s):
            np.random.seed(s)
        _STATE["seed"] = seed
    return _STATE["seed"]


def copied(a):
    return copy.deepcopy(a) if isinstance(a, GENERATORS) else a


def passed(args):
    fresh()
    return [copied(a) for a in args]
