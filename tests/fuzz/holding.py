"""The seeds whose programs hold a production (shared by the production tests ``test_draws50``,
``test_recent49``, ``test_rebinds51``): a draft matching a regular expression is not enough, the
program the oracle checks (``oracle.generate``: the first draft that runs) must match too."""
import ast
import re

from .bound import unbound_read
from .oracle import generate
from .program import draft, unload

__all__ = ["first_seed", "holding"]


def first_seed(regex, workdir, tag, seeds):
    """The first of ``seeds`` whose runnable program, drafted with ``only=[tag]``, matches ``regex``."""
    for seed in seeds:
        if not re.search(regex, draft(seed, only=[tag]).source, re.MULTILINE):
            continue
        program, module, _, _ = generate(seed, workdir, {tag})
        if module is not None:
            unload(module)
        if program is not None and re.search(regex, program.source, re.MULTILINE):
            return seed
    raise AssertionError(f"no runnable program holds {regex}")


def holding(drafted, label, regex):
    """The drafts matching ``regex`` (three at least), each passing the definite-assignment check."""
    out = [p for p in drafted if re.search(regex, p.source, re.MULTILINE)]
    assert len(out) >= 3, (label, len(out))
    for p in out:
        assert unbound_read(ast.parse(p.source)) is None, p.source
    return out
