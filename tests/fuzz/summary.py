"""Tables from campaign records: classes, per-mode statuses, constructs, rules,
refusal message quality, speed. ``summarize(records)`` returns a JSON-able
dict; ``render(summary)`` the text printed at the end of a campaign."""
from collections import Counter, defaultdict

from .catalog import unfuzzed
from .oracle import SEVERITY

__all__ = ["summarize", "render"]

CLASSES = ["ok", "wrong", "refused", "internal", "modified_input", "jit_mismatch", "mode_mismatch", "nonsmooth",
           "range", "skipped", "timeout", "crash", "invalid", "fuzzer_error"]


def summarize(records, config=None):
    ran = [r for r in records if "modes" in r]
    classes = Counter(r["class"] for r in records)
    modes = defaultdict(Counter)
    for r in ran:
        for mode, res in r["modes"].items():
            modes[mode][res["status"]] += 1
    constructs = defaultdict(Counter)
    rules = defaultdict(Counter)
    for r in ran:
        for tag in r["tags"]:
            constructs[tag]["programs"] += 1
            constructs[tag][r["class"]] += 1
        for rule in r["rules"]:
            rules[rule]["programs"] += 1
            rules[rule][r["class"]] += 1
    checks = Counter((i["class"], i["mode"], i["check"]) for r in ran for i in r.get("issues", []))
    refused = [res for r in ran for res in r["modes"].values() if res["status"] == "refused"]
    located = sum(1 for res in refused if res.get("located"))
    refusal_kinds = Counter((res.get("exc"), res.get("where")) for res in refused)
    times = defaultdict(list)
    for r in ran:
        for k, v in r.get("times", {}).items():
            if isinstance(v, (int, float)):
                times[k].append(v)
    return {
        "config": config or {}, "programs": len(records), "ran": len(ran), "classes": dict(classes),
        "modes": {m: dict(c) for m, c in modes.items()},
        "jit_programs": sum(1 for r in ran if any(m == "jit" or m.endswith("-jit") for m in r["modes"])),
        "constructs": {k: dict(v) for k, v in sorted(constructs.items())},
        "rules": {k: dict(v) for k, v in sorted(rules.items())},
        "checks": [[*k, v] for k, v in checks.most_common()],
        "refused": {"count": len(refused), "located": located,
                    "kinds": [[str(k[0]), str(k[1]), v] for k, v in refusal_kinds.most_common()]},
        "autograd": dict(Counter(r.get("autograd") for r in ran)),
        "times": {k: {"mean": sum(v) / len(v), "total": sum(v), "n": len(v)} for k, v in times.items()},
        "attempts": sum(r.get("attempts", 1) for r in records),
        "unfuzzed_rules": unfuzzed(),
    }


def render(s):
    out = [f"programs: {s['programs']} (ran {s['ran']}; drafts generated {s['attempts']}; "
           f"jit=True on {s['jit_programs']} of them)"]
    out.append("class          programs")
    for c in CLASSES:
        if s["classes"].get(c):
            out.append(f"  {c:<14} {s['classes'][c]:>7}")
    out.append("per mode: " + "; ".join(f"{m}: " + ", ".join(f"{k}={v}" for k, v in sorted(c.items()))
                                       for m, c in s["modes"].items()))
    out.append("")
    cols = ["programs", "ok", "wrong", "refused", "internal", "modified_input", "jit_mismatch", "nonsmooth", "range"]
    out.append(f"{'construct':<13}" + "".join(f"{c[:9]:>10}" for c in cols))
    for tag, row in s["constructs"].items():
        out.append(f"{tag:<13}" + "".join(f"{row.get(c, 0):>10}" for c in cols))
    out.append("")
    out.append("failing checks (class, mode, check: programs):")
    for cls, mode, check, count in s["checks"]:
        if cls not in ("refused",):
            out.append(f"  {cls:<14} {mode:<4} {check:<13} {count}")
    ref = s["refused"]
    out.append(f"refusals: {ref['count']} ({ref['located']} name a file and line); by kind:")
    for exc, where, count in ref["kinds"][:12]:
        out.append(f"  {exc:<24} {where:<40} {count}")
    bad_rules = sorted(((row.get("wrong", 0) + row.get("internal", 0), rule) for rule, row in s["rules"].items()),
                       reverse=True)[:12]
    out.append("rules most often in wrong/internal programs: " +
               ", ".join(f"{rule} ({n}/{s['rules'][rule]['programs']})" for n, rule in bad_rules if n))
    out.append(f"autograd reference: {s['autograd']}")
    out.append("time per program (s): " + ", ".join(f"{k}={v['mean']:.3f}" for k, v in sorted(s["times"].items())))
    if s["unfuzzed_rules"]:
        out.append(f"rule-table functions no generator form covers: {s['unfuzzed_rules']}")
    return "\n".join(out)


def worst(records):
    return min((r["class"] for r in records), key=lambda c: SEVERITY.index(c) if c in SEVERITY else 99)
