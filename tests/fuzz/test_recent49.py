"""The forms stops 46-48 lifted, drawn by the generator since fuzz49 (``recent49.py``,
``recent49_arrays.py``, ``signatures.py``): each production shows in programs drafted with its construct tag,
every draft compiles and its definite-assignment check passes (match cases and a ``:=`` in a
``while`` test bind names), and a program holding each passes the oracle (grad, vjp, jvp,
checkpoint=K; jit=False)."""
import ast
import re
import warnings

import pytest

from .bound import unbound_read
from .check import check_seed
from .holding import first_seed
from .program import draft

PASSING = ("ok", "nonsmooth", "range", "refused")

# production -> (construct tag it is drawn under, a regular expression its code matches)
PRODUCTIONS = {
    "match_values": ("matches", r"^\s*match .*:\n\s*case "),
    "while_walrus": ("matches", r"while \(\w+ := "),
    "tuple_join": ("tuples", r"tup\d* (= \(\)|= tup\d*\[:1\] \+|= \(.*,\) \* 3)"),
    "list_methods": ("lists", r"\.(reverse\(\)|sort\(|remove\()"),
    "list_repeat": ("lists", r"= \[.*\] \* (n_steps|n|iters|order|2|3)$"),
    "helper_push": ("effects", r"def \w+\(xs, v\):\n\s+xs\.(append|extend)\("),
    "attr_write": ("classes", r"^\s*(obj|model|body)\d*\.\w+ (=|\+=|\*=) "),
    "function_out": ("inplace", r"np\.(cumsum|cumprod|clip|dot|mean|sum)\(.*out=\w+\)"),
    "flat": ("views", r"\.flat\["),
    "ravel_order": ("views", r"order='[CFKA]'"),
    "windows": ("views", r"sliding_window_view\("),
    "positional_only": ("signatures", r"^def f\(.*, /"),
    "star_args": ("signatures", r"^def f\(.*\*(args|extra|rest)\):"),
}
SEEDS = range(49500000, 49500150)


def _drafts(tag):
    return [draft(s, only=[tag]) for s in SEEDS]


@pytest.fixture(scope="module")
def drafted():
    return {tag: _drafts(tag) for tag in sorted({t for t, _ in PRODUCTIONS.values()})}


@pytest.mark.parametrize("production", sorted(PRODUCTIONS))
def test_drafted_programs_hold_the_production(production, drafted):
    tag, pattern = PRODUCTIONS[production]
    holding = [p for p in drafted[tag] if re.search(pattern, p.source, re.M)]
    assert len(holding) >= 3, (production, len(holding))
    for p in holding:
        ast.parse(p.source)
        assert unbound_read(ast.parse(p.source)) is None, p.source


def test_definite_assignment_follows_match_and_walrus():
    ok = ("def f(x):\n    match x:\n        case z if z > 0:\n            r = z\n        case _:\n"
          "            r = 1.0\n    while (d := abs(r)) > 1.0:\n        r = r * d * 0.5\n    return r\n")
    assert unbound_read(ast.parse(ok)) is None
    no_default = ok.replace("case _:", "case 0.5:")
    assert unbound_read(ast.parse(no_default)) == "f: r"
    guarded = ok.replace("case _:", "case w if w < 0:")
    assert unbound_read(ast.parse(guarded)) == "f: r"
    signature = "def f(x, /, y, *args, k=1.0, **kw):\n    return x + y + args[0] + k + kw['a']\n"
    assert unbound_read(ast.parse(signature)) is None


@pytest.mark.parametrize("production", sorted(PRODUCTIONS))
def test_a_program_holding_it_passes_the_oracle(production, tmp_path):
    tag, pattern = PRODUCTIONS[production]
    seed = first_seed(pattern, str(tmp_path), tag, SEEDS)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rec = check_seed(seed, str(tmp_path), ("py", "vjp", "jvp", "ckpt"), only={tag})
    assert rec["class"] in PASSING, (seed, rec.get("issues"))
