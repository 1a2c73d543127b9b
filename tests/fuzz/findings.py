"""From failing records to one repro file per distinct bug.

``collect(records)`` groups failures by their raw signature (class, mode,
check, exception type, s2sad function); ``reduce_group`` minimizes a few
programs of a group (smallest first) and ``fingerprint`` keys each minimal
program by its signature and the constructs and calls left in it, so that
repros of one root cause collapse into one finding. ``write`` saves a finding
as ``findings/<name>.py``: the minimal program itself (s2sad reads it from
that file), then the data needed to replay it (``FINDING``, ``ARGS``) and what
s2sad returned against what is right. ``replay(path)`` re-runs a finding and
returns its signature while the bug is there, None once it is fixed.
"""
import ast
import importlib.util
import os
import tempfile

import numpy as np

import s2sad

from .check import _mutate, _mutate_ns, check_program
from .modes import KIND, MODES, PAIRS, SECOND, run, second_order
from .modes import name as mode_name
from .minimize import Case, outcome, shrink, signature_of
from .oracle import generate
from .program import Program, load, unload
from .reference import Reference, copy_args

__all__ = ["collect", "reduce_group", "fingerprint", "write", "replay", "BUG_CLASSES"]

BUG_CLASSES = ("wrong", "internal", "modified_input", "jit_mismatch", "mode_mismatch", "timeout", "crash")
MISMATCHES = ("jit_mismatch", "mode_mismatch")
HERE = os.path.dirname(os.path.abspath(__file__))
FINDINGS_DIR = os.path.join(HERE, "findings")


def collect(records):
    """raw signature -> records showing it, smallest programs first. A jit=True failure that
    jit=False shows too is only listed under jit=False."""
    groups = {}
    for rec in records:
        issues = rec.get("issues", [])
        in_py = {(i["mode"], i["class"], i["check"], i.get("exc")) for i in issues if not MODES.get(i["mode"])}
        for issue in issues:
            if issue["class"] not in BUG_CLASSES:
                continue
            twin = mode_name(KIND.get(issue["mode"], "grad"), False)     # a crash's mode may be "?"
            if MODES.get(issue["mode"]) and (twin, issue["class"], issue["check"], issue.get("exc")) in in_py:
                continue            # the same failure without jit: minimize it there (no numba compiles)
            groups.setdefault(signature_of(issue), []).append(rec)
    for recs in groups.values():
        recs.sort(key=lambda r: (r.get("lines", 0), r["seed"]))
    return groups


def case_for(seed, only=None, without=None):
    workdir = tempfile.mkdtemp(prefix="fzcase")
    program, module, args, _ = generate(seed, workdir, only, without=without)
    if module is not None:
        unload(module)
    return None if program is None else Case(program, args)


def reproduce(case, signature):
    """True when ``case`` still fails with ``signature``."""
    if signature[0] in MISMATCHES:
        workdir = tempfile.mkdtemp(prefix="fzjm")
        module = load(case.program, workdir)
        partner = next((b for a, b, cls in PAIRS if a == signature[1] and cls == signature[0]), "py")
        try:
            rec = check_program(case.program, module, case.args, (partner, signature[1]))
        finally:
            unload(module)
        return any(signature_of(i)[:3] == tuple(signature[:3]) for i in rec.get("issues", []))
    return outcome(case, signature[1], signature[2] == "stale_global") == signature


def reduce_group(signature, recs, per_group=3, log=print, only=None, without=None):
    """Minimized cases for up to ``per_group`` records of one raw signature."""
    out = []
    for rec in recs[:per_group]:
        case = case_for(rec["seed"], only, without)
        if case is None or not reproduce(case, signature):
            log(f"  seed {rec['seed']}: does not reproduce in isolation")
            continue
        if signature[0] not in MISMATCHES + ("timeout", "crash"):
            budget = 120 if signature[1] == "jit" else 400
            case = shrink(case, signature, max_tests=budget, max_seconds=600 if signature[1] == "jit" else 240)
        out.append((rec["seed"], case))
        log(f"  seed {rec['seed']}: {rec.get('lines')} lines -> {case.program.source.count(chr(10))}")
    return out


def fingerprint(signature, case):
    """The signature plus the calls and constructs the minimal program still contains."""
    tree = ast.parse(case.program.source)
    feats = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            feats.add("call:" + (ast.unparse(node.func) if not isinstance(node.func, ast.Attribute)
                                 or isinstance(node.func.value, ast.Name) and node.func.value.id in ("np", "math")
                                 else "." + node.func.attr))
        elif isinstance(node, (ast.For, ast.While, ast.If, ast.IfExp, ast.AugAssign, ast.Break, ast.Continue,
                               ast.List, ast.ListComp, ast.GeneratorExp)):
            feats.add(type(node).__name__)
        elif isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store):
            feats.add("store[]")
        elif isinstance(node, ast.FunctionDef) and node.name != "f":
            feats.add("helper")
    for name in ("math", "np"):
        feats.discard(f"call:{name}")
    return tuple(signature[:3]) + tuple(sorted(feats))


def _values(case, stale=False, mode="py"):
    """(right gradients, primal value, what they come from) for the finding's docstring and data;
    for a second-order mode, H v and differences of the gradient (``second.py``)."""
    program, args = case.program, case.args
    setup = (lambda ns: [_mutate_ns(ns, *m) for m in program.mutations]) if stale else None
    ref = Reference(program, args, setup=setup)
    if KIND.get(mode) in SECOND:
        module = load(program, tempfile.mkdtemp(prefix="fzval"))
        try:
            found = second_order(KIND[mode], program, module, args, ref, {})
        finally:
            unload(module)
        if isinstance(found, str) or isinstance(found[2], str):
            return [], None, f"nothing: {found if isinstance(found, str) else found[2]}"
        return found[2].full_fd(), None, f"differences of the {found[2].source} gradient, along second.direction's v"
    right = ref.autograd if ref.autograd_trusted else ref.full_fd()
    against = "autograd (agrees with finite differences)" if ref.autograd_trusted else "central differences"
    return right, (ref.value if program.scalar_output else None), against


def _s2sad_answer(case, signature):
    """(value or None, gradients or None, error text or None) from s2sad; for a stale-global
    finding, from a second call after the module globals changed."""
    mode = signature[1] if signature[1] in MODES else "py"
    if KIND[mode] != "grad":
        return _mode_answer(case, mode)
    workdir = tempfile.mkdtemp(prefix="fzans")
    module = load(case.program, workdir)
    program = case.program
    wrt = tuple(program.wrt)
    try:
        if program.scalar_output:
            fn = s2sad.value_and_grad(module.f, wrt=wrt, jit=MODES[mode])
            call = lambda: fn(*copy_args(case.args))       # noqa: E731
        else:
            fn = s2sad.vjp(module.f, wrt=wrt, jit=MODES[mode])
            call = lambda: (None, fn(*copy_args(case.args), program.dout()))     # noqa: E731
        value, grads = call()
        if signature[2] == "stale_global":
            for m in program.mutations:
                _mutate(module, *m)
            value, grads = call()
        return value, list(grads), None
    except Exception as exc:      # noqa: BLE001 - the answer is the exception
        return None, None, f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"[:300]
    finally:
        unload(module)


def _mode_answer(case, mode):
    """(value or None, what the mode's call returned, as judged, or None, error text or None)."""
    module = load(case.program, tempfile.mkdtemp(prefix="fzans"))
    try:
        res = run(mode, case.program, module, case.args, Reference(case.program, case.args), {})
    finally:
        unload(module)
    error = f"{res['exc']}: {str(res.get('msg', '')).splitlines()[0] if res.get('msg') else ''}"[:300] \
        if res.get("exc") else (None if "grads" in res else str(res.get("detail", res["status"])))
    return res.get("value"), res.get("grads"), error


def _literal(value):
    """Python source for a float or an array (non-finite values as float('nan'))."""
    if isinstance(value, np.ndarray):
        if np.all(np.isfinite(value)):
            return f"np.array({np.array2string(value, separator=', ', precision=17, max_line_width=100, threshold=10**6)})"
        return f"np.array({_nested(value.tolist())})"
    if isinstance(value, float) and not np.isfinite(value):
        return f"float('{value}')"
    return repr(value)


def _nested(items):
    if isinstance(items, list):
        return "[" + ", ".join(_nested(i) for i in items) + "]"
    return _literal(float(items))


def write(name, signature, case, seeds, campaign, title=""):
    """Write ``findings/<name>.py``; returns its path."""
    os.makedirs(FINDINGS_DIR, exist_ok=True)
    program = case.program
    value, answer, error = _s2sad_answer(case, signature)
    stale = signature[2] == "stale_global"
    right, primal_value, against = _values(case, stale, signature[1])
    meta = {"status": "open", "signature": list(signature), "seed": program.seed, "attempt": program.attempt,
            "params": [[p, list(s) if isinstance(s, tuple) else s] for p, s in program.params],
            "wrt": list(program.wrt), "out": [list(s) for s in program.out],
            "mutations": [[g, k, v] for g, k, v in program.mutations], "seeds": seeds[:20],
            "campaign": campaign}
    body = _program_body(program.source)
    after = " (second call, after the globals changed)" if stale else ""
    doc = [title or f"{signature[0]} ({signature[2]}) with jit={'True' if signature[1] == 'jit' else 'False'}",
           "", f"Class: {signature[0]}; mode: {signature[1]}; check: {signature[2]}" +
           (f"; {signature[3]} escaping {signature[4]}" if signature[3] else ""),
           f"Found by: {campaign}" + (f"; programs {', '.join(map(str, seeds[:10]))}"
                                      f"{' and %d more' % (len(seeds) - 10) if len(seeds) > 10 else ''}"
                                      if seeds else "") +
           f", minimized by tests/fuzz/minimize.py{' and cleaned by hand' if title else ''}.",
           f"s2sad returns{after}: " + (error or (f"value {float(value)!r}, gradient " if value is not None else "") +
                                        "; ".join(_short(g) for g in answer)),
           f"right ({against}): " + (f"value {float(primal_value)!r}, gradient " if primal_value is not None else "") +
           "; ".join(_short(g) for g in right)]
    if program.mutations:
        doc.append("module globals changed between calls: " +
                   ", ".join(f"{g} ({k}) -> {v}" for g, k, v in program.mutations))
    doc.append("Replay: python -m tests.fuzz.replay " + f"tests/fuzz/findings/{name}.py")
    text = '"""' + "\n".join(doc) + '\n"""\n' + body + "\n\n# ---- replay data ----\n"
    text += f"FINDING = {meta!r}\n"
    text += "ARGS = [" + ", ".join(_literal(a) for a in case.args) + "]\n"
    text += "S2SAD = " + ("None" if answer is None else "[" + ", ".join(_literal(np.asarray(g) if np.ndim(g)
                                                                          else float(g)) for g in answer) + "]") + "\n"
    text += "RIGHT = [" + ", ".join(_literal(np.asarray(g) if np.ndim(g) else float(g)) for g in right) + "]\n"
    path = os.path.join(FINDINGS_DIR, f"{name}.py")
    with open(path, "w") as fh:
        fh.write(text)
    return path


def _short(g):
    arr = np.asarray(g, dtype=float)
    return repr(float(arr)) if arr.ndim == 0 else np.array2string(arr, precision=4, separator=", ").replace("\n", "")


def _program_body(source):
    tree = ast.parse(source)
    return ast.unparse(tree)


def status(path):
    """'open' or 'fixed' (a fixed finding stays as a regression test), read from the file."""
    with open(path) as fh:
        head = next((line for line in fh if line.startswith("FINDING = ")), "")
    return "fixed" if "'status': 'fixed'" in head else "open"


def load_finding(path):
    """(Case, signature) from a finding file."""
    spec = importlib.util.spec_from_file_location("fz_finding_" + os.path.basename(path)[:-3], path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    meta = module.FINDING
    with open(path) as fh:
        source = fh.read()
    params = [(p, tuple(s) if isinstance(s, list) else s) for p, s in meta["params"]]
    program = Program(meta["seed"], source, params, tuple(meta["wrt"]), [tuple(s) for s in meta["out"]],
                      mutations=[tuple(m) for m in meta["mutations"]], attempt=meta["attempt"])
    return Case(program, list(module.ARGS)), tuple(meta["signature"])


def replay(path, detail=False):
    """The finding's signature while the bug reproduces, None once it is fixed. With
    ``detail``: ``(signature or None, what happens now)``, where a refusal counts as fixed."""
    case, signature = load_finding(path)
    still = reproduce(case, signature)
    if not detail:
        return signature if still else None
    if signature[0] in MISMATCHES:
        return (signature if still else None), ("reproduces" if still else "modes agree")
    now = outcome(case, signature[1], signature[2] == "stale_global")
    return (signature if still else None), ("right answer" if now is None else f"{now[0]} {now[3] or ''}".strip())
