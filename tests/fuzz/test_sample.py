"""CI sample of the differential fuzzer: a fixed range of generated programs, checked
with jit=False (and a few with jit=True) against finite differences and autograd,
and every recorded finding replayed.

A sampled program fails the test when s2sad returns a wrong gradient or value,
lets an internal exception escape, modifies an input, or disagrees between
modes; refusals (``S2sadError``) and non-smooth points pass. Programs that hit
a known, reported finding are ``xfail(strict=True)`` with the finding's name,
and so is the replay of each finding file: when the bug is fixed the test
XPASSes, which fails the run on purpose; then delete the mark (the program
becomes a regression test) and move the finding file to a named regression test.

The program for a seed depends on the generator's code: after changing the
generator, re-derive ``KNOWN`` with ``python -m tests.fuzz.sample``.
"""
import glob
import os
import warnings

import pytest

from .check import check_seed
from .findings import replay

SAMPLE = range(0, 30)              # jit=False
JIT_SAMPLE = (13,)                 # jit=True as well (numba compiles each: 3-15 s apiece)
PASSING = ("ok", "nonsmooth", "refused")

# seed -> the finding (tests/fuzz/findings/<name>.py) that program hits today (its minimized
# repro is that finding's bug; derived with python -m tests.fuzz.sample and checked by hand)
KNOWN = {
    2: "stale_module_global", 5: "clip_bounds_have_zero_gradient", 7: "alias_subscript_store",
    8: "list_literal_in_numpy_call", 10: "list_literal_in_numpy_call", 11: "stale_module_global",
    16: "stale_module_global", 19: "nested_list_in_np_array", 21: "list_literal_in_numpy_call",
    22: "stale_module_global", 23: "stale_module_global", 25: "stale_module_global",
}

FINDINGS = sorted(glob.glob(os.path.join(os.path.dirname(__file__), "findings", "*.py")))


def _param(seed, modes):
    marks = []
    if seed in KNOWN:
        marks.append(pytest.mark.xfail(strict=True, reason=f"finding {KNOWN[seed]}"))
    if "jit" in modes:
        marks.append(pytest.mark.jit)
    return pytest.param(seed, modes, marks=marks, id=f"seed{seed}-{'+'.join(modes)}")


CASES = [_param(s, ("py", "jit") if s in JIT_SAMPLE else ("py",)) for s in SAMPLE]


@pytest.mark.parametrize("seed, modes", CASES)
def test_generated_program(seed, modes, tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rec = check_seed(seed, str(tmp_path), modes)
    assert rec["class"] != "invalid", f"the generator drafted no runnable program for seed {seed}: {rec}"
    assert rec["class"] in PASSING, _explain(rec)


def _explain(rec):
    lines = [f"seed {rec['seed']}: {rec['class']} (python -m tests.fuzz --n 1 --seed {rec['seed']} "
             f"--minimize 1 to minimize it)"]
    for issue in rec.get("issues", []):
        res = rec["modes"].get(issue["mode"], {})
        lines.append(f"  {issue['class']} in {issue['mode']} ({issue['check']}): "
                     f"{res.get('detail') or res.get('exc', '')} {str(res.get('msg', ''))[:300]}")
    return "\n".join(lines)


@pytest.mark.parametrize("path", [pytest.param(p, id=os.path.basename(p)[:-3],
                                               marks=pytest.mark.xfail(strict=True, reason="open finding"))
                                  for p in FINDINGS])
def test_finding_fixed(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        signature = replay(path)
    assert signature is None, f"{os.path.basename(path)} still reproduces: {signature}"
