"""The constructs fuzz23 added (``tables.py``, ``forms.py``): every scipy.special rule is drawn,
the tracer sees the decisions of the calls s2sad reads as others (np.ptp, np.maximum.reduce),
and the generator writes the new containers into runnable programs."""
import numpy as np
import scipy.special

from s2sad.rules import registry

from .forms import SPECIAL
from .program import draft
from .trace import instrument

# rules not drawn yet, each with the reason; a rule added to the table must be drawn or listed here
# (stop 40's i0/i0e/i1/i1e/erfcx/gammainc/gammaincc: drawn since stop 42, more_rules40.py)
# (stop 53's erfinv ... kve: drawn since stop 54, more_rules54.py)
NOT_DRAWN = dict.fromkeys(
    ("polygamma", "beta", "exp1", "expn", "dawsn", "boxcox", "boxcox1p", "multigammaln", "stdtr", "betainc",
     "betaincc", "ellipk", "ellipe", "zeta", "binom"),
    "stop 58's rules (numpy58): not drawn yet; their domains need draws of their own (expn's and polygamma's "
    "integer orders, multigammaln's a > (d - 1) / 2, betainc's x in [0, 1]); tested in "
    "tests/rules/test_special_gamma58.py and test_scipy_forms58.py; stop 59's (numpy59) ellipk, ellipe, zeta (in q), "
    "binom: their domains too (m <= 1; q > 0 with x > 1); tested in tests/rules/test_special_ellip59.py")
# logit, xlogy, betaln: drawn since fuzz39 (forms._scipy's "more" kind)


def test_every_scipy_special_rule_is_drawn():
    registry.settle()
    ruled = {n for n in dir(scipy.special) if not n.startswith("_") and getattr(np, n, None) is not getattr(
        scipy.special, n) and registry._key(getattr(scipy.special, n)) in registry._RULES}   # not np.sinc
    assert ruled and ruled <= set(SPECIAL) | set(NOT_DRAWN), sorted(ruled - set(SPECIAL) - set(NOT_DRAWN))
    assert not set(NOT_DRAWN) & set(SPECIAL), "drawn now: remove from NOT_DRAWN"


def test_the_tracer_sees_ptp_and_ufunc_reduce_decisions():
    source = "import numpy as np\n\ndef f(x):\n    return np.ptp(x) + np.maximum.reduce(x) - np.minimum.reduce(x, axis=0)\n"
    ns, tracer = instrument(source)
    ns["f"](np.array([0.3, -1.0, 2.0]))
    kinds = [kind for kind, _ in tracer.events]
    assert kinds == ["max", "min", "max", "min"], kinds
    assert tracer.margin == np.float64(1.3)


def test_the_generator_writes_tables_tuples_records_and_special_calls():
    # (80 drafts: with the rule table grown by np.fmod/np.modf (stop 49), 40 no longer held `, axis=`)
    programs = [draft(s, only=["tables", "tuples", "records", "special"]) for s in range(80)]
    sources = "\n".join(p.source for p in programs)
    for idiom in ("][", "= dict(", "scipy.special.", "import scipy.special", ", axis="):
        assert idiom in sources, idiom
    assert {"tables", "tuples", "records", "special"} <= set().union(*(p.tags for p in programs))
    for p in programs:
        compile(p.source, "<fuzz>", "exec")
