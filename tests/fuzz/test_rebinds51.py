"""Names rebound to containers on different paths (fuzz51: ``rebinds51.py``): each production and each
container kind shows in programs drafted with ``rebinds``, every draft compiles and passes the
definite-assignment check, and a program holding each passes the oracle (grad, vjp, jvp,
checkpoint=K; jit=False): a gradient, a refusal or a non-smooth point, never a wrong number or an
internal error."""
import warnings

import pytest

from .check import check_seed
from .holding import first_seed, holding
from .program import draft

PASSING = ("ok", "nonsmooth", "range", "refused")
BOX = r"(state|params|coeffs|pair|stack|acc)\d*"

PRODUCTIONS = {     # what -> a regular expression its code matches
    "rebind_branch": r"^\s*if [^\n]*:\n\s+" + BOX + r" = [^\n]*\n(\s*else:\n\s+\1 = [^\n]*\n)?\s*\w+ = [^\n]*\b\1\b",
    "rebind_loop": r"^\s*for i\d* in range\(\d\):\n\s+" + BOX + r" = ",
    "rebind_while": r"^\s*while [^\n]*\b" + BOX + r"\b[^\n]* and k\d* < \d:\n\s+\1 = ",
    "mutate_helper": r"^def (bump|push|record_|write)\d*\(c, a\):\n\s+c(\.append\(|\[)",
    "mutate_helper_through_a_name": r"^def (bump|push|record_|write)\d*\(c, a\):\n\s+out = c\n\s+out\.append\(a\)",
    "alias_rebind": r"^\s*(M\d*) = " + BOX + r"\b",
    "mutate_helper_reading_it": r"^\s*(" + BOX + r" = )?(bump|push|record_|write)\d*\((" + BOX + r"), \4\[(-1|'a')\] \* ",
}
KINDS = {           # the containers and how they are made and read
    "list": r"^\s*" + BOX + r" = (\[|list\()",
    "tuple": r"^\s*" + BOX + r" = (\(|tuple\()",
    "dict": r"^\s*" + BOX + r" = (\{|dict\()",
    "namedtuple": r"^\w+ = collections\.namedtuple\(",
    "dataclass": r"^@dataclasses\.dataclass\n",
    "helper_made": r"^def (make|init|build|pack)\d*\(a, b\):\n\s+return ",
    "copied": r"(copy\.copy\(|\.copy\(\)|\{\*\*)" + BOX,
    "unpacked": r"^\s*(e\d*|head\d*|p0\d*)(, \*?\w+)+ = " + BOX + "$",
    "spread": r"\w+\(\*" + BOX + r"\)",
    "negative_index": BOX + r"\[-[12]\]",
    "length": r"len\(" + BOX + r"\)",
    "different_lengths": r"^def (extend|grow|reshape_|trim)\d*\(c, a\):",
}
SEEDS = range(51500000, 51500150)


@pytest.fixture(scope="module")
def drafted():
    return [draft(s, only=["rebinds"]) for s in SEEDS]


@pytest.mark.parametrize("pattern", sorted({**PRODUCTIONS, **KINDS}.items()), ids=lambda p: p[0])
def test_drafted_programs_hold_it(pattern, drafted):
    holding(drafted, *pattern)


@pytest.mark.parametrize("production", sorted(PRODUCTIONS))
def test_a_program_holding_it_passes_the_oracle(production, tmp_path):
    seed = first_seed(PRODUCTIONS[production], str(tmp_path), "rebinds", SEEDS)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rec = check_seed(seed, str(tmp_path), ("py", "vjp", "jvp", "ckpt"), only={"rebinds"})
    assert rec["class"] in PASSING, (seed, rec.get("issues"))
