"""The generator draws array rules on numbers and writes through 0-d arrays (``numbers.py``),
and s2sad passes such programs (right gradient, or a located refusal)."""
import re
import warnings

from .check import check_seed
from .program import draft
from .test_sample import PASSING

ALIAS = re.compile(r"^\s*(\w+) = (np\.copy\()?\w+\)?\n\s*\1 [-+*]= ", re.MULTILINE)


def _alias_seeds(count=3):
    """Seeds whose program holds ``w = u; w op= e`` (or ``w = np.copy(u)``) of a number."""
    return [s for s in range(7500000, 7500060) if ALIAS.search(draft(s).source)][:count]


def test_the_generator_draws_rules_on_numbers():
    sources = [draft(s).source for s in range(7500000, 7500040)]
    assert sum("np.where(" in s or "np.roll(" in s or "np.asarray(" in s for s in sources) >= 5


def test_programs_writing_through_0d_arrays_pass(tmp_path):
    seeds = _alias_seeds()
    assert seeds
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for seed in seeds:
            rec = check_seed(seed, str(tmp_path), ("py",))
            assert rec["class"] in PASSING, (seed, rec["class"], rec.get("issues"))
