"""Random draws in generated programs (fuzz50: ``draws50.py``, replayed by ``fresh_draws.py``): each
production and each way of getting a generator shows in programs drafted with ``draws``, every draft
compiles and passes the definite-assignment check, a program holding each passes the oracle (grad, vjp,
jvp, checkpoint=K; jit=False), and the oracle replays the same draws at every evaluation -- so a
gradient computed from other draws than the primal's is judged wrong, not passed."""
import warnings

import numpy as np
import pytest

from . import fresh_draws
from .check import check_seed
from .holding import first_seed, holding
from .oracle import primal, run_mode
from .program import Program, draft, load, unload
from .reference import Reference, copy_args

PASSING = ("ok", "nonsmooth", "range", "refused")
DRAW = r"[^\n]*\.(standard_normal|normal|randn)\("

PRODUCTIONS = {
    "reparam": r"^\s*(\w+) = " + DRAW + r"[^\n]*\n\s*\w+ = [^\n]* \* \1$",
    "dropout": r"^\s*keep\d* = [^\n]*\.(random|uniform|rand|random_sample)\([^\n]*\) < 0\.\d",
    "bootstrap": r"^\s*idx\d* = [^\n]*\.(integers|randint)\(",
    "choose": r"^\s*j\d* = [^\n]*\.(choice|integers|randint)\(",
    "permute": r"^\s*perm\d* = [^\n]*\.permutation\(",
    "draw_order": r"^\s*e_a\d* = [^\n]*\n\s*e_b\d* = ",
    "dead_draw": r"^\s*(unused|noise|_)\d* = [^\n]*\.(normal|standard_normal|randn|random|uniform|rand)\(|"
                 r"^\s*(\w+) = " + DRAW + r"\)\n\s*\3 = [^\n]*\.(random|uniform|rand)\(\)\n",
    "draw_loop": r"^\s*for i\d* in range\(\d\):\n(\s+[^\n]*\n)?" + DRAW,
    "draw_branch": r"^\s*if [^\n]*\.(random|uniform|rand)\(\) < 0\.5:|\* [^\n]*\.(normal|standard_normal|randn)\(\)"
                   r"\n\s*else:",
    "draw_helper": r"^def (perturb|noisy|jitter|corrupt)\d*\(v(, g)?\):",
}
SOURCES = {
    "local": r"^\s+rng\d* = np\.random\.default_rng\(\d+\)$",
    "legacy": r"^\s+rs\d* = np\.random\.RandomState\(\d+\)$",
    "inline": r"np\.random\.default_rng\(\d+\)\.\w+\(",
    "global": r"^RNG\d* = np\.random\.default_rng\(\d+\)$",
    "own": r"np\.random\.(standard_normal|normal|random|rand|randn|uniform|randint|choice|permutation|random_sample)\(",
    "param": r"^def f\([^\n]*\brng\d*[,)]",
    "passed_to_helper": r"^def \w+\(v, g\):",
}
SEEDS = range(50500000, 50500120)


@pytest.fixture(scope="module")
def drafted():
    return [draft(s, only=["draws"]) for s in SEEDS]


@pytest.mark.parametrize("pattern", sorted({**PRODUCTIONS, **SOURCES}.items()), ids=lambda p: p[0])
def test_drafted_programs_hold_it(pattern, drafted):
    label, _ = pattern
    for p in holding(drafted, *pattern):
        if label == "param":         # a generator argument, never differentiated
            assert [s for _, s in p.params if isinstance(s, tuple) and s[:1] == ("rng",)]
            assert not any(w.startswith("rng") for w in p.wrt)


@pytest.mark.parametrize("pattern", sorted({**PRODUCTIONS, **SOURCES}.items()), ids=lambda p: p[0])
def test_a_program_holding_it_passes_the_oracle(pattern, tmp_path):
    label, regex = pattern
    seed = first_seed(regex, str(tmp_path), "draws", SEEDS)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rec = check_seed(seed, str(tmp_path), ("py", "vjp", "jvp", "ckpt"), only={"draws"})
    assert rec["class"] in PASSING, (label, seed, rec.get("issues"))


# ---- the replay: every evaluation draws the same numbers --------------------------------------------
SOURCE = """import numpy as np
RNG = np.random.default_rng(11)


def f(x, rng):
    a = RNG.normal()
    e = np.random.standard_normal(3)
    keep = rng.random(3) < 0.7
    b = RNG.normal()
    return np.sum(x * e * keep) + b * x[0] + 3.0 * a * x[1]
"""


def _program():
    program = Program(50, SOURCE, [("x", (3,)), ("rng", ("rng", 4))], ("x",), [()])
    fresh_draws.begin(program.source)
    return program


def test_every_evaluation_draws_the_same_numbers(tmp_path):
    program = _program()
    module = load(program, str(tmp_path))
    try:
        args = program.inputs()
        state = args[1].bit_generator.state
        first, again = primal(module, args), primal(module, args)
        ref = Reference(program, args)          # the instrumented copy and autograd's, at the same draws
        assert first == again == ref.value
        assert args[1].bit_generator.state == state            # the caller's generator is never advanced
        a = copy_args(args)
        assert a[1] is not args[1] and a[1].bit_generator.state == state
    finally:
        unload(module)


@pytest.mark.parametrize("jit", [False, True], ids=["py", "jit"])
def test_the_oracle_passes_the_draws_and_catches_others(jit, tmp_path):
    """s2sad's value and gradient at the primal's draws pass (with jit numba's own ``np.random`` state is
    seeded alike); the same answer from draws one step further on is judged wrong."""
    import s2sad
    program = _program()
    module = load(program, str(tmp_path))
    try:
        args = program.inputs()
        ref = Reference(program, args)
        assert run_mode(program, module, args, jit, ref)["status"] == "ok"

        def shifted(program, f, a, wrt, jit):        # a draw moved: RNG advanced once before the call
            vg = s2sad.value_and_grad(f, wrt=wrt, jit=jit)
            b = copy_args(a)
            module.RNG.normal()
            value, g = vg(*b)
            return [g], value, vg
        res = run_mode(program, module, args, jit, ref, call=shifted)
        assert res["status"] == "wrong" and res["check"] == "value", res
        assert np.isfinite(ref.value)
    finally:
        unload(module)
