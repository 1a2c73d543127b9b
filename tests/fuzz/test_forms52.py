"""Forms real code uses (fuzz52: ``forms52.py``): each production and each of its forms shows in
programs drafted with its tag, every draft compiles and passes the definite-assignment check, and
a program holding each passes the oracle (grad and jvp; jit=False): a gradient, a refusal or a
non-smooth point, never a wrong number or an internal error."""
import os
import subprocess
import sys
import warnings

import pytest

from .check import check_seed
from .holding import first_seed, holding
from .program import draft

_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_TABLES = """
import importlib, sys
importlib.import_module(sys.argv[1])
from tests.fuzz.program import draft
from tests.fuzz.productions import LEAVES, PRODUCTIONS
from tests.fuzz.stmts import CONSTRUCT_TABLE
print([(f.__module__, f.__name__) for *_, f in PRODUCTIONS + LEAVES + CONSTRUCT_TABLE])
print(draft(52500007, only=["scatter"]).source)
"""

PASSING = ("ok", "nonsmooth", "range", "refused")
SEEDS = range(52500000, 52500100)

FORMS = {           # tag -> {what: a regular expression its code matches}
    "recstate": {"step_in_a_loop": r"^\s+st\d* = (step|advance|euler)\d*\(st\d*, ",
                 "replace": r"(\._replace\(|dataclasses\.replace\()",
                 "namedtuple": r"^\w+ = collections\.namedtuple\(", "dataclass": r"^@dataclasses\.dataclass\n"},
    "dictitems": {"items_loop": r"for key\d*, val\d* in params\d*\.items\(\):",
                  "entry_write": r"params\d*\[key\d*\] = params\d*\[key\d*\] \* ",
                  "values": r"in params\d*\.values\(\)"},
    "tolerance": {"break": r"^\s+if abs\(z_new\d* - z\d*\) < 1e-1\d[^\n]*:\n\s+z\d* = z_new\d*\n\s+break",
                  "continue": r"^\s+continue$", "early_return": r"^\s+for i\d* in range\(\d\):\n(.*\n)*?\s+return "},
    "rowcol": {"rows": r"\w+\[i\d*, :\] \+= ", "cols": r"\w+\[:, j\d*\] \*= ", "row_view": r"^\s+for row\d* in \w+:"},
    "piecewise": {"where": r"= np\.where\(", "maximum": r"np\.maximum\("},
    "scatter": {"repeated_add": r"^\s+\w+\[idx\d*\] \+= ", "add_at": r"np\.add\.at\(\w+, idx\d*, ",
                "mixed_signs": r"idx\d* = (np\.array\()?\[[^\n]*-\d",
                "mask": r"\w+\[~mask\d*\]", "gather": r"\w+\[idx\d*\] \* "},
    "axes": {"keepdims": r"keepdims=True", "axis": r"axis=[01-]"},
    "tuplehelp": {"unpacked": r"^\s+\w+(, \w+)+ = (stats|moments|split|summary)\d*\(",
                  "loop": r"^\s+\w+, \w+ = (leap|verlet|kick)\d*\(", "starred": r", \*rest\d* = "},
}
CASES = [(tag, what, regex) for tag, forms in sorted(FORMS.items()) for what, regex in sorted(forms.items())]


@pytest.fixture(scope="module")
def drafted():
    return {tag: [draft(s, only=[tag]) for s in SEEDS] for tag in FORMS}


@pytest.mark.parametrize("tag, what, regex", CASES, ids=[f"{t}-{w}" for t, w, _ in CASES])
def test_drafted_programs_hold_it(tag, what, regex, drafted):
    holding(drafted[tag], what, regex)


@pytest.mark.parametrize("tag", sorted(FORMS))
def test_a_program_holding_it_passes_the_oracle(tag, tmp_path):
    seed = first_seed(tag_regex(tag), str(tmp_path), tag, SEEDS)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rec = check_seed(seed, str(tmp_path), ("py", "jvp"), only={tag})
    assert rec["class"] in PASSING, (seed, rec.get("issues"))


def tag_regex(tag):
    return "|".join(f"(?:{r})" for r in FORMS[tag].values())


def test_the_draws_do_not_depend_on_which_generator_module_was_imported_first():
    """A process importing ``more_rules`` (as test_rules40_drawn does) or ``arrays`` first drafted other
    programs from the same seeds than one importing ``program`` first: the draw tables were in import order."""
    outs = {subprocess.run([sys.executable, "-c", _TABLES, f"tests.fuzz.{first}"], capture_output=True, text=True,
                           cwd=_ROOT, env=dict(os.environ, PYTHONPATH=_ROOT), check=True).stdout
            for first in ("program", "more_rules", "arrays")}
    assert len(outs) == 1
