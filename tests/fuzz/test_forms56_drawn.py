"""Stop 55's lifted constructs are drawn by the generator (``forms56.py``, fuzz56): each tag is drawn
within a few seeds, its drafts run (no generator miss), and one program per tag is right in grad and
jvp (against differences and, where it runs, autograd)."""
import pytest

from .check import check_seed
from .oracle import generate
from .program import draft, unload

TAGS = ("gens", "trys", "partials", "ufuncat", "defaults", "ntwrite", "objlists", "fkeys")
SEEDS = range(5656000, 5656040)


def _first(tag):
    return next(s for s in SEEDS if tag in draft(s, only=[tag]).tags)


@pytest.mark.parametrize("tag", TAGS)
def test_each_tag_is_drawn_and_its_drafts_run(tag, tmp_path):
    seeds = [s for s in SEEDS if tag in draft(s, only=[tag]).tags][:4]
    assert len(seeds) >= 2, tag
    for s in seeds:
        program, module, _, rejected = generate(s, str(tmp_path), only=[tag])
        assert program is not None, rejected
        assert not [r for r in rejected if "generator miss" in r], rejected
        unload(module)


@pytest.mark.parametrize("tag", TAGS)
def test_a_program_drawing_it_is_right(tag, tmp_path):
    seed = _first(tag)
    rec = check_seed(seed, str(tmp_path), modes=("py", "jvp"), only=[tag])
    assert rec["class"] in {"ok", "nonsmooth", "range"}, (seed, rec["class"], rec.get("failures"))
