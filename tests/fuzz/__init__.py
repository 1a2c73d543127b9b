"""A differential fuzzer for s2sad (issue 8).

It writes random but realistic numeric Python programs (scalars and 1-d/2-d
arrays, views and slices, in-place writes into arrays the function allocates,
lists, helpers with defaults and tuple returns, module globals, branches,
counted and data-dependent loops, break/continue/early return, 3-d arrays,
index arrays and masks kept in names, comprehensions, dicts and lists handed
to helpers, helpers that hand views to helpers, lists of lists filled as
dynamic-programming tables, tuples of arrays, dicts of parameters copied and
updated, scipy.special calls, code written for numba (nested index loops, int
counters, ``v[i - 1]`` stencils, early returns from nested loops, column vectors,
casts), classes and dataclasses holding parameters, ``functools.reduce`` and
functions made in loops, writes through reshaped and transposed views and through
lists, tuples and dicts holding arrays, arrays grown by ``np.append``, generators kept
in a name, ``map``/``operator``, dict loops, int counters, ``a or b`` as a value, ``max``/``min``/
``sorted`` with ``key=``, ``sorted(zip(a, b))``, ``L.extend``/``L += [...]``, nested ``def``s with defaults,
``np.divide(where=, out=)``, shallow list copies rebound, dataclasses with properties, methods and
``dataclasses.replace``, ``super().m(x)``, ``scipy.stats`` closed forms, record states stepped by helpers, dicts of
arrays over ``.items()``, tolerance loops, rows and columns written in place, piecewise ``np.where``, repeated and
mixed-sign index lists, axis reductions, tuple-returning helpers (``forms52``), and NumPy calls drawn from s2sad's own rule table
and from the forms it reads as other calls), differentiates each with s2sad in
both modes, and compares with central finite differences and autograd,
detecting points where the function is not smooth instead of reporting them.

    python -m tests.fuzz --n 10000 --seed 0 --workers 1      # a campaign (run from the repository root)
    python -m tests.fuzz --n 500 --only lists,views          # focus on constructs (--list names them)
    python -m tests.fuzz --n 500 --without globals,np.sort   # leave constructs or functions out
    python -m tests.fuzz --n 2000 --minimize 3               # and write findings/ for each failure kind
    python -m tests.fuzz --n 300 --modes jvp,hvp,ckpt        # forward mode, second order, checkpoint=K too
    python -m tests.fuzz --n 300 --modes all --jit on        # every mode (modes.KINDS) with jit=True
    python -m tests.fuzz --records fuzz_report.jsonl --minimize 3   # minimize a finished campaign
    python -m tests.fuzz.replay tests/fuzz/findings/*.py     # which findings still reproduce
    python -m tests.fuzz.sample                              # keep test_sample.KNOWN true

Modules, in pipeline order: ``catalog`` (the rule table as call forms),
``scope``/``tmpl`` (generator state, AST templates), ``productions``,
``leaves``, ``elementwise``, ``structured``, ``arrays``, ``forms`` (expressions), ``stmts``,
``inplace``, ``loops``, ``tensors``, ``wider``, ``tables``, ``kernels``, ``objects``, ``through``, ``flows``, ``idioms``, ``instances``, ``forms52`` (statements), ``program`` (modules and inputs),
``bound``/``kinds`` (a draft reads no unbound name and keeps each name's kind),
``trace`` (piecewise decisions, for non-smoothness), ``reference`` (finite
differences, autograd), ``second`` (differences of a trusted gradient, for
hvp/hessian/grad(grad(f))), ``modes`` (how each mode calls s2sad: grad, vjp,
jvp, checkpoint=K, has_aux (``has_aux``), hvp, hessian, grad(grad(f))), ``oracle``/``check`` (classification), ``minimize``,
``findings``, ``campaign``, ``summary``, ``__main__``, ``replay``, ``sample``.
Tests: ``test_oracle`` and ``test_modes`` (the fuzzer against deliberately broken
gradients, tangents, Hessians) and
``test_sample`` (the CI sample and every finding's replay).
"""
