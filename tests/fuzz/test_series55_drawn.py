"""Stop 55's rules of NumPy's series evaluators (chebval and its kin) are drawn by the generator
(``more_rules55.py``): each form is a finite number on its operands, drafted programs call them,
and a few such programs are right (gradient against differences)."""
import numpy as np
import pytest

from .check import check_seed
from .more_rules55 import SERIES55
from .program import draft
from .test_rules40_drawn import assert_forms_valid

SEEDS = range(55550000, 55550200)


@pytest.mark.parametrize("path", sorted(SERIES55))
def test_each_form_is_valid_on_its_domain(path):
    assert_forms_valid(SERIES55[path], np.random.default_rng(55), ((2, 2), (3, 2), (2, 4), (4, 3)))


def _drawn():
    return [p for p in (draft(s, only=["special"]) for s in SEEDS) if set(p.rules) & set(SERIES55)]


def test_drafted_programs_call_them():
    programs = _drawn()
    assert set().union(*(p.rules for p in programs)) >= set(SERIES55)
    for p in programs:
        compile(p.source, "<fuzz>", "exec")


def test_programs_drawing_them_are_right(tmp_path):
    seeds = [p.seed for p in _drawn()][:6]
    classes = [check_seed(s, str(tmp_path), modes=("py",), only=["special"])["class"] for s in seeds]
    assert set(classes) <= {"ok", "invalid", "nonsmooth", "range"}, list(zip(seeds, classes))
