"""The tracer (``trace.py``) on the forms flows.py draws (fuzz25)."""
import numpy as np


def test_tracer_sorted_dict_keys_is_no_decision():
    """``for key in sorted(d)`` over a dict's string keys (flows.py; seeds 24 and 31 of
    ``--only through,flows,inplace,views`` were fuzzer_errors: the tracer read each key as a
    number): the order of constant keys depends on no data, so nothing is logged."""
    from .trace import instrument
    source = ("import numpy as np\n"
              "def f(y):\n"
              "    d = {'k1': y[0], 'k0': y[1]}\n"
              "    s = 0.0\n"
              "    for key in sorted(d):\n"
              "        s = 0.5 * s + d[key]\n"
              "    return s\n")
    ns, tracer = instrument(source)
    y = np.array([0.1, 0.4])
    assert ns["f"](y) == 0.5 * 0.4 + 0.1
    assert not [kind for kind, _ in tracer.events if kind == "bsorted"]
