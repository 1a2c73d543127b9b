"""One program, end to end: generate, compute the reference, run every mode,
cross-check the modes, change the module globals and check again.

``check_seed(seed, ...)`` returns a JSON-serialisable record (see ``record``);
``record["class"]`` is the most severe status over the modes, ``issues`` lists
each non-ok finding with the mode and check it came from.
"""
import time

import numpy as np

import s2sad

from . import modes as _modes
from .modes import MODES, PAIRS
from .oracle import SEVERITY, Invalid, Timeout, _wrt_spec, deadline, generate, judge, listed, primal
from .program import unload
from .reference import Reference, StepFailure, _max_err, copy_args

__all__ = ["check_seed", "check_program", "MODES"]


def check_seed(seed, workdir, modes=("py", "jit"), only=None, keep=False, without=None):
    start, cpu = time.perf_counter(), time.process_time()
    program, module, args, rejected = generate(seed, workdir, only, without=without)
    if program is None:
        return {"seed": seed, "class": "invalid", "rejected": rejected[-3:], "attempts": len(rejected)}
    try:
        rec = check_program(program, module, args, modes)
    finally:
        if not keep:
            unload(module)
    rec["attempts"] = len(rejected) + 1
    rec["times"]["total"] = round(time.perf_counter() - start, 3)
    rec["times"]["cpu"] = round(time.process_time() - cpu, 3)      # this process only (not numba's threads)
    return rec


def check_program(program, module, args, modes):
    t0 = time.perf_counter()
    rec = {"seed": program.seed, "attempt": program.attempt, "digest": program.digest,
           "tags": sorted(program.tags), "rules": sorted(program.rules), "wrt": list(program.wrt),
           "out": [list(s) for s in program.out], "lines": program.source.count("\n"), "times": {}}
    try:
        with deadline(60.0):
            ref = Reference(program, args)
    except Timeout:
        rec.update({"class": "invalid", "rejected": ["reference timed out"]})
        return rec
    except (np.linalg.LinAlgError, OverflowError, StepFailure) as exc:   # fails a step away: nothing to check
        rec.update({"class": "invalid", "rejected": [f"reference: {exc}"]})
        return rec
    rec["times"]["reference"] = round(time.perf_counter() - t0, 3)
    rec["autograd"] = "n/a" if ref.autograd is None else ("trusted" if ref.autograd_trusted else "untrusted")
    rec["nonsmooth"] = ref.nonsmooth
    rec["range"] = ref.range
    results, context = {}, {}
    for mode in modes:
        results[mode] = _modes.run(mode, program, module, args, ref, context,
                                   seconds=150.0 if MODES[mode] else 60.0)
        if mode == "py":
            context["py"] = results[mode]
        rec["times"][mode] = results[mode].get("time")
    _cross(rec, results, ref)
    _pairs(rec, results, ref)
    _stale(rec, program, module, args, results)
    rec["modes"] = {m: _public(r) for m, r in results.items()}
    rec["issues"] = _issues(rec)
    rec["class"] = min((i["class"] for i in rec["issues"]), key=SEVERITY.index, default="ok")
    unjudged = [r["status"] for r in results.values()]
    unjudged = [s for s in unjudged if s != "skipped"]
    if rec["class"] == "ok" and unjudged and all(s in ("nonsmooth", "range") for s in unjudged):
        rec["class"] = "range" if all(s == "range" for s in unjudged) else "nonsmooth"
    return rec


def _cross(rec, results, ref):
    """jit=True against jit=False when both answered."""
    py, jit = results.get("py"), results.get("jit")
    rec["jit_mismatch"] = None
    if not py or not jit or "grads" not in py or "grads" not in jit:
        return
    if py["status"] in ("wrong", "modified_input") or jit["status"] in ("wrong", "modified_input"):
        return
    if (ref.nonsmooth and ref.base[1] < 1e-9) or ref.range:
        return
    err = _max_err(jit["grads"], py["grads"]) * 1e2         # 1e-7 relative
    value_diff = py["value"] is not None and jit["value"] is not None and \
        abs(float(py["value"]) - float(jit["value"])) > 1e-9 * max(1.0, abs(float(py["value"])))
    if err > 1.0 or value_diff:
        rec["jit_mismatch"] = {"err": float(min(err, 1e300)), "value": bool(value_diff)}


def _pairs(rec, results, ref):
    """The other modes against the ones that must give the same numbers (``modes.PAIRS``): the
    jit=True answer of a kind against its jit=False one, vjp and checkpoint=K against grad."""
    rec["mismatches"] = []
    if (ref.nonsmooth and ref.base[1] < 1e-9) or ref.range:
        return
    for mode, partner, cls in PAIRS:
        a, b = results.get(mode), results.get(partner)
        if not a or not b or "grads" not in a or "grads" not in b or a["status"] != "ok" or b["status"] != "ok":
            continue
        err = _max_err(a["grads"], b["grads"]) * 1e2         # 1e-7 relative
        if err > 1.0:
            rec["mismatches"].append({"class": cls, "mode": mode, "against": partner, "err": float(min(err, 1e300))})


def _stale(rec, program, module, args, results):
    """Change the module globals the function reads; the same gradient function (and a fresh one)
    must see the new values."""
    rec["stale"] = None
    if not program.mutations:
        return
    live = [m for m, r in results.items() if r["status"] == "ok" and m in ("py", "jit")]
    if not live:
        return
    for gname, kind, value in program.mutations:
        _mutate(module, gname, kind, value)
    try:
        primal(module, args, program.out)
        with deadline(60.0):
            ref = Reference(program, args, setup=lambda ns: [_mutate_ns(ns, *m) for m in program.mutations])
    except (Invalid, Timeout, Exception):      # noqa: BLE001 - the changed program does not run: no check
        rec["stale_skipped"] = True
        return
    out = {}
    for mode in live:
        res = results[mode]
        out[mode] = _recheck(program, module, args, ref, res["callable"], mode)
        fresh = _recheck(program, module, args, ref, None, mode)
        if out[mode]["status"] == "ok":
            out[mode] = fresh
        out[mode]["fresh"] = fresh["status"]
    rec["stale"] = out


def _recheck(program, module, args, ref, fn, mode):
    res = {"status": "ok", "check": "stale_global"}
    wrt = _wrt_spec(program)
    try:
        with deadline(60.0):
            if fn is None:
                fn = (s2sad.value_and_grad if program.scalar_output else s2sad.vjp)(module.f, wrt=wrt,
                                                                                    jit=MODES[mode])
            out = fn(*copy_args(args)) if program.scalar_output else fn(*copy_args(args), program.dout())
    except s2sad.S2sadError as exc:          # refused after the change (a shape no rule takes): not a wrong number
        return {"status": "refused", "check": "stale_global", "exc": type(exc).__name__, "msg": str(exc)[:500]}
    except (Exception, Timeout) as exc:      # noqa: BLE001 - a second call failing is itself a finding
        return {"status": "internal", "check": "stale_global", "exc": type(exc).__name__, "msg": str(exc)[:500]}
    value = out[0] if program.scalar_output else None
    res["grads"] = _grads(out, program, wrt)
    res["value"] = value
    judge(res, program, args, ref, check="stale_global",
          again=lambda a: _grads(fn(*a) if program.scalar_output else fn(*a, program.dout()), program, wrt))
    if res["status"] == "wrong":
        res["check"] = "stale_global"
    return res


def _grads(out, program, wrt):
    """The gradients, as a list, from what value_and_grad (scalar output) or vjp returned."""
    return listed(out[1] if program.scalar_output else out, wrt)


def _mutate(module, gname, kind, value):
    old = getattr(module, gname)
    if kind == "inplace":
        old[...] = np.asarray(value, dtype=np.float64)
    else:
        setattr(module, gname, np.array(value, dtype=np.float64) if isinstance(old, np.ndarray) else value)


def _mutate_ns(ns, gname, kind, value):
    old = ns[gname]
    ns[gname] = np.array(value, dtype=np.float64) if isinstance(old, np.ndarray) else value


def _public(res):
    return {k: v for k, v in res.items() if k not in ("grads", "value", "callable")}


def _issues(rec):
    issues = []
    for mode, res in rec["modes"].items():
        if res["status"] not in ("ok", "nonsmooth", "range", "skipped"):
            issues.append({"class": res["status"], "mode": mode, "check": res.get("check", ""),
                           "exc": res.get("exc"), "where": res.get("where")})
    if rec["jit_mismatch"]:
        issues.append({"class": "jit_mismatch", "mode": "jit", "check": "grad", "exc": None, "where": None})
    for m in rec.get("mismatches", []):
        issues.append({"class": m["class"], "mode": m["mode"], "check": _modes.KIND[m["mode"]], "exc": None,
                       "where": None})
    for mode, res in (rec["stale"] or {}).items():
        if res["status"] not in ("ok", "nonsmooth", "range"):
            issues.append({"class": res["status"] if res["status"] != "refused" else "refused", "mode": mode,
                           "check": "stale_global", "exc": res.get("exc"), "where": res.get("where")})
            res.pop("grads", None)
            res.pop("value", None)
        else:
            res.pop("grads", None)
            res.pop("value", None)
    return issues
