"""``python -m tests.fuzz.sample``: derive ``test_sample.KNOWN`` from the current code.

Runs the CI sample's seeds; for each failing program, minimizes it and looks
for a finding file with the same fingerprint (signature and the calls and
constructs left in the minimal program). Prints the ``KNOWN`` mapping to paste
into ``test_sample.py`` and lists failures that match no finding (write those
as findings first: ``--write`` does it with automatic names).
"""
import argparse
import glob
import os
import tempfile
import warnings

from .check import check_seed
from .findings import FINDINGS_DIR, case_for, fingerprint, load_finding, reproduce, write
from .minimize import shrink, signature_of
from .test_sample import JIT_SAMPLE, PASSING, SAMPLE


def known_fingerprints():
    out = {}
    for path in sorted(glob.glob(os.path.join(FINDINGS_DIR, "*.py"))):
        case, signature = load_finding(path)
        out[fingerprint(signature, case)] = os.path.basename(path)[:-3]
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz.sample")
    parser.add_argument("--write", action="store_true", help="write unmatched failures as findings")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    known, mapping, unmatched = known_fingerprints(), {}, []
    workdir = tempfile.mkdtemp(prefix="fzsample")
    for seed in SAMPLE:
        modes = ("py", "jit") if seed in JIT_SAMPLE else ("py",)
        rec = check_seed(seed, workdir, modes)
        if rec["class"] in PASSING:
            continue
        issue = next(i for i in rec["issues"] if i["class"] not in PASSING)
        signature = signature_of(issue)
        case = case_for(seed)
        if signature[0] not in ("jit_mismatch", "timeout") and reproduce(case, signature):
            case = shrink(case, signature)
        key = fingerprint(signature, case)
        if key in known:
            mapping[seed] = known[key]
        else:
            unmatched.append((seed, signature, case))
        print(f"seed {seed}: {rec['class']} {signature} -> {mapping.get(seed, 'no finding')}")
    for seed, signature, case in unmatched:
        if args.write:
            name = f"auto_sample_{seed}_{signature[0]}"
            path = write(name, signature, case, [seed], "python -m tests.fuzz.sample")
            mapping[seed] = name
            print(f"wrote {path}")
    print("KNOWN = {" + ", ".join(f"{s}: {n!r}" for s, n in sorted(mapping.items())) + "}")


if __name__ == "__main__":
    main()
