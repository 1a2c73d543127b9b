"""The constructs fuzz40 added (``stacks.py``, ``keys.py``): the generator writes each into runnable
programs, and the tracer sees the decision ``max``/``min`` take over tuples (their first items)."""
import numpy as np

from .program import draft
from .trace import instrument

IDIOMS = (".pop()", ".pop(", "del ", ".insert(", "[*", "(*", "nonlocal ", "**opts", "**kw", ".get(",
          "for kk", "reverse=True", "list(zip(", "key=lambda pq", "._replace(", "collections.namedtuple(", "np.fromiter(",
          "xs.copy()", "list(xs)", "xs[:]")


def test_the_generator_writes_the_idioms_stop_39_lifted():
    # (80 drafts: with the rule table grown by np.fmod/np.modf (stop 49), 40 no longer held `xs.copy()`;
    #  160: with stop 54's rules 80 held it 0 to 3 times, depending on the merge)
    programs = [draft(s, only=["stacks", "keys"]) for s in range(160)]
    sources = "\n".join(p.source for p in programs)
    missing = [idiom for idiom in IDIOMS if idiom not in sources]
    assert not missing, missing
    assert {"stacks", "keys"} <= set().union(*(p.tags for p in programs))
    aliased = [p.source for p in programs if any(line.strip().count(" = ") == 1 and line.split(" = ")[1].strip()
                                                 in ("xs", "ys", "vals", "hist", "terms", "parts", "traj", "rows",
                                                     "items", "ps") for line in p.source.splitlines())]
    assert aliased, "no list alias M = L drawn"
    for p in programs:
        compile(p.source, "<fuzz>", "exec")


def test_the_tracer_orders_tuples_by_their_first_item():
    source = ("import numpy as np\n\ndef f(x, y):\n    ps = list(zip(x, y))\n    a = max(ps)\n"
              "    b = min(ps, key=lambda p: -p[1])\n    c = sorted(y, reverse=True)\n    return a[1] + b[0] + c[0]\n")
    ns, tracer = instrument(source)
    ns["f"](np.array([0.3, -1.0, 0.35]), np.array([1.0, 2.0, 2.6]))
    assert [kind for kind, _ in tracer.events] == ["bmax", "bmin", "bsorted"]
    # max's margin is 0.35 - 0.3 (the first items; it was not seen before fuzz40), min's by key -y
    # and sorted's 2.6 - 2.0
    assert np.isclose(tracer.margin, 0.05)
