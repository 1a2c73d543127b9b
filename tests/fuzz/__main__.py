"""Command line: ``python -m tests.fuzz --n 10000 --seed 0 [--jit both|on|off] [--workers 1] [--modes grad,jvp]``.

Runs a campaign, prints the summary table, writes the JSON report (summary and
every failing record) and, with ``--minimize K``, minimizes up to K programs of
each failure signature and writes the distinct ones as findings files.
``--only lists,views`` restricts the generator to those constructs (plus plain
arithmetic and calls); ``--list`` prints the construct names.
"""
import argparse
import json
import os
import sys
import time

from . import campaign
from .scope import CONSTRUCTS


def parse(argv):
    p = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=200, help="number of programs (seeds seed .. seed+n-1)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--jit", choices=["both", "on", "off"], default="both",
                   help="both: jit=False on every program and jit=True on every --jit-every'th; on/off: one mode")
    p.add_argument("--jit-every", type=int, default=50, help="with --jit both: jit=True on seeds divisible by this")
    p.add_argument("--modes", default="grad", help="comma-separated kinds of derivative to check, of "
                   "grad,vjp,jvp,ckpt,hvp,hessian,gg or 'all' (each with the jit modes --jit gives)")
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--only", default="", help="comma-separated constructs (see --list)")
    p.add_argument("--without", default="", help="comma-separated constructs or functions (np.sort) to leave out")
    p.add_argument("--out", default="fuzz_report.json", help="JSON report (records also go to <out>l, JSON Lines)")
    p.add_argument("--minimize", type=int, default=0, metavar="K",
                   help="minimize up to K programs per failure signature and write findings")
    p.add_argument("--findings-dir", default=None, help="where --minimize writes (default tests/fuzz/findings)")
    p.add_argument("--records", default=None, help="summarize (and --minimize) this JSON Lines file instead "
                   "of running a campaign")
    p.add_argument("--list", action="store_true", help="print the construct names and exit")
    return p.parse_args(argv)


def main(argv=None):
    args = parse(sys.argv[1:] if argv is None else argv)
    if args.list:
        print(" ".join(CONSTRUCTS))
        return 0
    only = [c.strip() for c in args.only.split(",") if c.strip()] or None
    unknown = [c for c in only or [] if c not in CONSTRUCTS]
    if unknown:
        print(f"unknown construct(s) {unknown}; choose from: {' '.join(CONSTRUCTS)}", file=sys.stderr)
        return 2
    without = [c.strip() for c in args.without.split(",") if c.strip()] or None
    from .modes import KINDS
    kinds = KINDS if args.modes == "all" else tuple({"checkpoint": "ckpt"}.get(k.strip(), k.strip())
                                                      for k in args.modes.split(",") if k.strip())
    if not kinds or any(k not in KINDS for k in kinds):
        print(f"unknown mode(s) in {args.modes!r}; choose from: {','.join(KINDS)} or all", file=sys.stderr)
        return 2
    command = "python -m tests.fuzz " + " ".join(sys.argv[1:] if argv is None else argv)
    config = {"n": args.n, "seed": args.seed, "jit": args.jit, "jit_every": args.jit_every,
              "workers": args.workers, "only": only, "without": without, "modes": list(kinds), "command": command}
    start = time.monotonic()
    if args.records:
        jsonl = args.records
        with open(jsonl) as fh:
            records = sorted((json.loads(line) for line in fh if line.strip()), key=lambda r: r["seed"])
    else:
        jsonl = args.out + "l"
        if os.path.exists(jsonl):
            os.remove(jsonl)
        records = campaign.run(args.n, args.seed, args.jit, args.jit_every, args.workers, only, jsonl,
                               without=without, kinds=kinds)
    elapsed = time.monotonic() - start
    from .summary import render, summarize
    summary = summarize(records, config)
    summary["wall_seconds"] = round(elapsed, 1)
    print(render(summary))
    if not args.records:
        print(f"wall time {elapsed:.0f} s ({len(records) / max(elapsed, 1e-9):.2f} programs/s); records in {jsonl}")
    report = {"summary": summary, "failures": [r for r in records if r["class"] not in ("ok", "nonsmooth", "range",
                                                                                         "refused", "skipped")]}
    if args.minimize:
        report["findings"] = _minimize(records, args, only, command, without)
    with open(args.out, "w") as fh:
        json.dump(report, fh, indent=1, default=campaign._json_default)
    print(f"report: {args.out}")
    return 0


def _minimize(records, args, only, command, without):
    from . import findings
    if args.findings_dir:
        findings.FINDINGS_DIR = args.findings_dir
    groups = findings.collect(records)
    seen, written = {}, []
    for signature, recs in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        print(f"minimizing {signature}: {len(recs)} program(s)")
        for seed, case in findings.reduce_group(signature, recs, args.minimize, only=only, without=without):
            key = findings.fingerprint(signature, case)
            if key in seen:
                seen[key]["seeds"].append(seed)
                continue
            name = f"auto_{signature[0]}_{signature[1]}_{signature[2] or 'call'}_{len(seen):03d}"
            seen[key] = {"name": name, "signature": list(signature), "seeds": [seed],
                         "group_size": len(recs), "case": case}
    for item in seen.values():
        path = findings.write(item["name"], tuple(item["signature"]), item.pop("case"),
                              item["seeds"], command)
        item["path"] = path
        written.append(item)
        print(f"finding: {path}")
    return written


if __name__ == "__main__":
    sys.exit(main())
