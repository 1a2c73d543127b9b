"""CI sample of the differential fuzzer: a fixed range of generated programs, checked
with jit=False (and a few with jit=True) against finite differences and autograd
(a few in every mode: jvp, vjp, checkpoint=K, hvp, hessian, grad(grad(f))),
and every recorded finding replayed.

A sampled program fails the test when s2sad returns a wrong gradient or value,
lets an internal exception escape, modifies an input, or disagrees between
modes; refusals (``S2sadError``) and non-smooth points pass. Programs that hit
a known, reported finding are ``xfail(strict=True)`` with the finding's name,
and so is the replay of each open finding file: when the bug is fixed the test
XPASSes, which fails the run on purpose; then delete the ``KNOWN`` entry and set
the finding's ``'status'`` to ``'fixed'``: its replay is then a regression test
(or move it to a named regression test next to the code it exercises).

The program for a seed depends on the generator's code: after changing the
generator, re-derive ``KNOWN`` with ``python -m tests.fuzz.sample``.
"""
import glob
import os
import warnings

import pytest

from .check import check_seed
from .findings import replay, status
from .modes import KINDS, MODES, names

SAMPLE = range(0, 30)              # jit=False
JIT_SAMPLE = (13,)                 # jit=True as well (numba compiles each: 3-15 s apiece)
MODES_SAMPLE = (0, 4)              # every kind of derivative (modes.KINDS), jit=False: ~2 s apiece
PASSING = ("ok", "nonsmooth", "range", "refused")

# seed -> the finding (tests/fuzz/findings/<name>.py) that program hits today (its minimized
# repro is that finding's bug; derived with python -m tests.fuzz.sample and checked by hand)
KNOWN = {}

FINDINGS = sorted(glob.glob(os.path.join(os.path.dirname(__file__), "findings", "*.py")))


def _param(seed, modes):
    marks = []
    if seed in KNOWN:
        marks.append(pytest.mark.xfail(strict=True, reason=f"finding {KNOWN[seed]}"))
    if any(MODES[m] for m in modes):
        marks.append(pytest.mark.jit)
    return pytest.param(seed, modes, marks=marks, id=f"seed{seed}-{'+'.join(modes)}")


def sample_modes(seed):
    """The modes the CI sample checks ``seed`` in."""
    if seed in MODES_SAMPLE:
        return names(KINDS, (False,))
    return ("py", "jit") if seed in JIT_SAMPLE else ("py",)


CASES = [_param(s, sample_modes(s)) for s in SAMPLE]


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


def _finding(path):
    if status(path) == "fixed":          # a regression test now
        return pytest.param(path, id=os.path.basename(path)[:-3])
    return pytest.param(path, id=os.path.basename(path)[:-3],
                        marks=pytest.mark.xfail(strict=True, reason="open finding"))


@pytest.mark.parametrize("path", [_finding(p) for p in FINDINGS])
def test_finding_fixed(path):
    """Open findings reproduce today (xfail); fixed ones must stay fixed."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        signature = replay(path)
    assert signature is None, f"{os.path.basename(path)} reproduces: {signature}"
