"""One test group per pipeline stage: each stage's output keeps the invariant its
module docstring promises. (Stage modules: lower, anf, activity, kinds, tape,
accumulate, optimize, emit.)"""
import ast

import numpy as np
import pytest

import stage_funcs as F
from s2sad.analyses import activity, alias_roots, kinds
from s2sad.analyses.ir import walk_ops
from s2sad.names import Namespace
from s2sad.pipeline import STAGES, build, frontend


def lowered(func):
    return ast.parse(build(func, [], stop_after="lower"))


def normal_form(func):
    ns = Namespace()
    _, fdef = frontend(func, None, ns)
    return fdef, ns


# ---- lower ---------------------------------------------------------------------------
@pytest.mark.parametrize("func", [F.early_return, F.with_break, F.over_rows])
def test_lower_leaves_no_break_continue_or_early_return(func):
    tree = lowered(func)
    kinds_ = [type(n) for n in ast.walk(tree)]
    assert ast.Break not in kinds_ and ast.Continue not in kinds_
    returns = [n for n in ast.walk(tree) if isinstance(n, ast.Return)]
    assert len(returns) == 1 and tree.body[0].body[-1] is returns[0]


def test_lower_for_over_rows_becomes_range():
    tree = lowered(F.over_rows)
    loop = next(n for n in ast.walk(tree) if isinstance(n, ast.For))
    assert isinstance(loop.iter, ast.Call) and loop.iter.func.id == "range"


def test_lower_for_with_break_becomes_counted_while():
    tree = lowered(F.with_break)
    assert any(isinstance(n, ast.While) for n in ast.walk(tree))
    assert not any(isinstance(n, ast.For) for n in ast.walk(tree))


# ---- anf ------------------------------------------------------------------------------
def _ops_per_statement(value):
    return sum(isinstance(n, (ast.BinOp, ast.UnaryOp, ast.Call, ast.Subscript)) for n in ast.walk(value)
               if not getattr(value, "_opaque", False))


@pytest.mark.parametrize("func", [F.nested_expr, F.early_return, F.loop_carried, F.ranks])
def test_anf_one_operation_per_statement(func):
    fdef, _ = normal_form(func)
    for node in ast.walk(fdef):
        if isinstance(node, ast.Assign) and not getattr(node.value, "_opaque", False):
            assert _ops_per_statement(node.value) <= 1, ast.unparse(node)


def test_anf_target_never_among_its_operands():
    fdef, _ = normal_form(F.self_update)
    for node in ast.walk(fdef):
        if isinstance(node, ast.Assign) and isinstance(node.value, (ast.BinOp, ast.Call)):
            target = node.targets[0].id
            assert target not in {n.id for n in ast.walk(node.value) if isinstance(n, ast.Name)}


# ---- activity -------------------------------------------------------------------------
def test_activity_only_what_depends_on_wrt_and_reaches_output():
    fdef, ns = normal_form(F.two_inputs)
    body, ret = fdef.body[:-1], fdef.body[-1]
    active, varied = activity.analyze(walk_ops(body, ns), ["a"], activity.output_names(ret))
    assert "a" in active and "c" not in active and "unused" not in active
    assert "unused" not in varied


def test_unrequested_gradient_is_not_computed():
    source = build(F.two_inputs, ["a"]).source
    assert "b_c" not in source and "exp" not in source.split("# return")[1]


# ---- kinds ----------------------------------------------------------------------------
def test_kinds_ranks_of_reductions_products_and_indexing():
    fdef, ns = normal_form(F.ranks)
    r = kinds.infer(fdef.body[:-1], {"x": 1, "M": 2}, ns)
    assert r["s"] == 0 and r["v"] == 1 and r["e"] == 0


def test_kinds_ranks_follow_numpy():
    """Each rank the analysis gives is the rank NumPy gives (``norm``'s second argument is ``ord``,
    not an axis; ``keepdims=False`` keeps nothing)."""
    x, M = np.array([0.5, 1.0, 2.0]), np.arange(6.0).reshape(2, 3)
    fdef, ns = normal_form(F.more_ranks)
    r = kinds.infer(fdef.body[:-1], {"x": 1, "M": 2}, ns)
    for name, value in zip("abcdefghijkmn", F.more_ranks(x, M)):
        assert r[name] == np.ndim(value), name


def test_scalar_specialisation_has_no_runtime_helpers():
    source = build(F.nested_expr, ["x", "y"], param_kinds={"x": 0, "y": 0}).source
    assert "unbroadcast" not in source and "zeros_like" not in source


# ---- tape -----------------------------------------------------------------------------
def test_tape_saves_only_loop_carried_values():
    source = build(F.loop_carried, ["w"], param_kinds={"w": 0, "n": 0}).source
    assert "tape_h" in source          # h is overwritten every iteration and read by tanh's adjoint
    assert "tape_w" not in source      # w never changes: read straight from the variable
    assert "tape_i" not in source      # the reversed range regenerates the loop index


def test_tape_nothing_saved_without_loops_or_reassignment():
    source = build(F.nested_expr, ["x", "y"]).source
    assert "tape_" not in source


def test_tape_alias_groups_follow_copies_and_views():
    fdef, ns = normal_form(F.over_rows)
    groups = alias_roots.groups(walk_ops(fdef.body, ns))
    assert any(len(g) > 1 for g in groups.values())


# ---- accumulate & optimize -----------------------------------------------------------
def test_first_accumulation_is_an_assignment():
    source = build(F.param_only, ["w"], param_kinds={"w": 0, "x": 0}).source
    assert "b_w = dout * x" in source and "+=" not in source


def test_copy_propagation_and_dead_code_leave_no_temporaries_in_reverse():
    source = build(F.param_only, ["w"], param_kinds={"w": 0, "x": 0}).source
    assert "b_t" not in source


# ---- every stage is printable ---------------------------------------------------------
@pytest.mark.parametrize("stage", STAGES)
def test_every_stage_dumps_valid_python(stage):
    text = build(F.with_break, ["x"], stop_after=stage)
    assert isinstance(text, str) and text.strip()
    ast.parse(text.replace("__reset__", "reset"))


def test_dump_env_var_prints_stages(capsys, monkeypatch):
    monkeypatch.setenv("S2SAD_DUMP", "anf")
    build(F.nested_expr, ["x"])
    assert "after stage anf" in capsys.readouterr().err


# ---- prealloc (jit only) ----------------------------------------------------------------
def test_compiled_tapes_in_counted_loops_are_arrays():
    compiled = build(F.loop_carried, ["w"], param_kinds={"w": 0, "n": 0}, compiled=True).source
    plain = build(F.loop_carried, ["w"], param_kinds={"w": 0, "n": 0}).source
    assert "tape_h = np.empty((max(n, 0), 2))" in compiled and "tape_h[i, 1] = h" in compiled
    assert "append" not in compiled
    assert "tape_h.append(h)" in plain  # plain Python: list.append is the faster tape
