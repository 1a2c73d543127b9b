"""The jit tier: the jit variants of the big tables, run with ``python -m pytest --jit-all``.

The default run (README command 2, CI) compiled hundreds of generated adjoints with numba, most
of its time; many cases of the big tables below compile an adjoint made of the same numba
helpers as the cases before them, so they test the helpers again on other programs, not other
helpers. Without ``--jit-all``, the jit variant of such a case is skipped (conftest.py); with it,
every case runs. What stays in the default run:

* every test that is not a jit variant of a table below: every ``jit=False`` case, every
  dedicated jit test (first-try copies, fallbacks, checkpointing, jvp/hvp, errors and
  refusals under jit, the disk cache, every helper against its Python version);
* a FIXED sample of each table (``keep``): each case that, in the table's file run alone in one
  process on a cold cache (main at fb79e1c, ``NUMBA_OPT=0``), was the first to have numba compile
  some s2sad function — an overload's implementation, a helper, a generated helper. Every numba
  function those files compiled is therefore still compiled in the default run.

A case added to a table later runs by default until it is named here. To add a table: run its
file alone with a plugin recording which test first compiles each s2sad function
(numba.core.compiler.compile_extra), keep those cases, and say why the others can move.
"""

TABLES = {}
"""nodeid of a parametrised test (``path::name``) -> (why its jit cases can move, the ids kept)."""


def moved(item):
    """Whether ``item`` is a jit case of a table here, outside its kept sample."""
    base, _, params = item.nodeid.partition("[")
    table = TABLES.get(base)
    if table is None:
        return False
    spec = getattr(item, "callspec", None)
    if spec is not None and spec.params.get("jit", True) is not True:
        return False            # the jit=False case of a table with both: always in the default run
    return params[:-1] not in table[1]
