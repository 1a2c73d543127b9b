"""Stop 53's scipy.special/scipy.signal rules are drawn by the generator (``more_rules54.py``, stop 54):
each form is valid on its domain (finite: the inverse error functions inside (-1, 1), (0, 2),
(0, 1); positive arguments where the function needs them), and drafted programs call them."""
import numpy as np
import pytest

from .more_rules54 import RULES54
from .program import draft
from .test_rules40_drawn import assert_forms_valid


@pytest.mark.parametrize("path", sorted(RULES54))
def test_each_form_is_valid_on_its_domain(path):
    assert_forms_valid(RULES54[path], np.random.default_rng(54), ((2, 2), (3, 2), (2, 4), (4, 3)))


def test_drafted_programs_call_them():
    programs = [draft(s, only=["special"]) for s in range(54000000, 54000200)]
    seen = set().union(*(p.rules for p in programs)) & set(RULES54)
    assert len(seen) >= 8, sorted(seen)
    for p in programs:
        if set(p.rules) & set(RULES54):
            compile(p.source, "<fuzz>", "exec")
            assert "scipy." not in p.source.replace("import scipy.", "") or "import scipy." in p.source
