"""Stop 54's lifted rules (np.logspace, np.add.reduceat, statistics.mean/fmean) are drawn by the
generator (``more_rules_lifts54.py``): each form is a finite number on its operands, drafted
programs call them with the imports they need, and a few such programs are right in both modes."""
import statistics

import numpy as np
import pytest

from .check import check_seed
from .more_rules_lifts54 import LIFTS54
from .program import draft
from .test_rules40_drawn import _operands

SEEDS = range(54540000, 54540300)


@pytest.mark.parametrize("path", sorted(LIFTS54))
def test_each_form_is_valid_on_its_domain(path):
    rng = np.random.default_rng(54)
    for form, ops in LIFTS54[path]:
        for n, m in ((2, 2), (3, 2), (4, 3)):
            args = _operands(ops, n, m, rng)
            code = form
            for i in range(len(args)):
                code = code.replace(f"_{i}", f"a{i}")
            value = eval(code, {"np": np, "statistics": statistics}, {f"a{i}": a for i, a in enumerate(args)})
            assert np.ndim(value) == 0 and np.isfinite(value), (form, n, m, value)


def _drawn():
    return [p for p in (draft(s, only=["calls"]) for s in SEEDS) if set(p.rules) & set(LIFTS54)]


def test_drafted_programs_call_them():
    programs = _drawn()
    assert set().union(*(p.rules for p in programs)) >= set(LIFTS54)
    for p in programs:
        compile(p.source, "<fuzz>", "exec")
        assert "statistics." not in p.source or "import statistics" in p.source


def test_programs_drawing_them_are_right(tmp_path):
    seeds = [p.seed for p in _drawn()][:6]
    classes = [check_seed(s, str(tmp_path), modes=("py",), only=["calls"])["class"] for s in seeds]
    assert set(classes) <= {"ok", "invalid", "nonsmooth", "range"}, list(zip(seeds, classes))
