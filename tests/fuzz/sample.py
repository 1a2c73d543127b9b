"""``python -m tests.fuzz.sample``: keep ``test_sample.KNOWN`` true after a change.

Runs the CI sample's seeds and prints, for each failing program not listed in
``KNOWN``, its minimized repro (decide by reading it which finding in
``tests/fuzz/findings/`` it is, or write a new finding), and the ``KNOWN``
entries whose program now passes (delete them: the bug is fixed, or the
generator changed). Exit status 1 when ``KNOWN`` needs editing.
"""
import sys
import tempfile
import warnings

from .check import check_seed
from .findings import case_for, reproduce
from .minimize import shrink, signature_of
from .test_sample import KNOWN, PASSING, SAMPLE, sample_modes


def main():
    warnings.simplefilter("ignore")
    workdir = tempfile.mkdtemp(prefix="fzsample")
    stale, unknown = [], []
    for seed in SAMPLE:
        rec = check_seed(seed, workdir, sample_modes(seed))
        failing = rec["class"] not in PASSING
        print(f"seed {seed}: {rec['class']}" + (f" (KNOWN: {KNOWN[seed]})" if seed in KNOWN else ""), flush=True)
        if seed in KNOWN and not failing:
            stale.append(seed)
        if failing and seed not in KNOWN:
            unknown.append(seed)
            issue = next(i for i in rec["issues"] if i["class"] not in PASSING)
            signature = signature_of(issue)
            case = case_for(seed)
            if signature[0] not in ("jit_mismatch", "mode_mismatch", "timeout") and reproduce(case, signature):
                case = shrink(case, signature)
            print(f"  not in KNOWN: {signature}; minimized:\n{case.program.source}", flush=True)
    if stale:
        print(f"KNOWN entries that now pass (delete them): {stale}")
    if unknown:
        print(f"failing programs not in KNOWN (map them to a finding): {unknown}")
    return 1 if stale or unknown else 0


if __name__ == "__main__":
    sys.exit(main())
