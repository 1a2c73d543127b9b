"""The oracle's fuzz25 additions: the tracer (``trace.py``) on the forms flows.py draws, and
s2sad's own generated code failing to parse classed ``internal``, not ``refused``."""
import numpy as np

from s2sad.backends.errors import JitError

from . import oracle
from .test_oracle import ARGS, PARAMS, SMOOTH, _program, _run


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


def test_a_syntax_error_in_s2sads_own_helper_is_internal(tmp_path, monkeypatch):
    """seed 38200011 (jit): the numba overload of unbroadcast generated ``out[] += g[i0,]``; s2sad
    reported it as "numba could not compile", a JitError, which the campaign counted as a refusal."""
    def broken(*a, **k):
        raise JitError("numba could not compile the adjoint of `f` (jit=True).\n  numba says (SyntaxError): "
                       "invalid syntax (<s2sad numba helper unbroadcast>, line 7)")
    monkeypatch.setattr(oracle.s2sad, "value_and_grad", broken)
    rec = _run(tmp_path, _program(SMOOTH, PARAMS, ("x", "w")), ARGS)
    assert (rec["class"], rec["modes"]["py"]["status"]) == ("internal", "internal"), rec["modes"]["py"]


def test_a_form_numba_lacks_stays_a_refusal(tmp_path, monkeypatch):
    def refused(*a, **k):
        raise JitError("numba could not compile the adjoint of `f` (jit=True).\n  numba has no implementation "
                       "of the call vdot(float64, float64).")
    monkeypatch.setattr(oracle.s2sad, "value_and_grad", refused)
    rec = _run(tmp_path, _program(SMOOTH, PARAMS, ("x", "w")), ARGS)
    assert rec["class"] == "refused", rec["modes"]["py"]
