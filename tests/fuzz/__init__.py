"""A differential fuzzer for s2sad (issue 8).

It writes random but realistic numeric Python programs (scalars and 1-d/2-d
arrays, views and slices, in-place writes into arrays the function allocates,
lists, helpers with defaults and tuple returns, module globals, branches,
counted and data-dependent loops, break/continue/early return, and NumPy
calls drawn from s2sad's own rule table), differentiates each with s2sad in
both modes, and compares with central finite differences and autograd,
detecting points where the function is not smooth instead of reporting them.

    python -m tests.fuzz --n 10000 --seed 0 --workers 1      # a campaign
    python -m tests.fuzz --n 500 --only lists,views          # focus on constructs
    python -m tests.fuzz --n 2000 --minimize 3               # and write findings/
    python -m tests.fuzz.replay tests/fuzz/findings/*.py     # which bugs remain

Modules, in pipeline order: ``catalog`` (the rule table as call forms),
``scope``/``tmpl`` (generator state, AST templates), ``productions``,
``leaves``, ``elementwise``, ``structured`` (expressions), ``stmts``,
``inplace``, ``loops`` (statements), ``program`` (modules and inputs),
``trace`` (decisions, for non-smoothness), ``reference`` (finite differences,
autograd), ``oracle``/``check`` (classification), ``minimize``, ``findings``,
``campaign``, ``summary``, ``__main__``.
"""
