"""backends/jit_lines.py: a numba refusal names the user's statement its generated line came from."""
import ast
import re
import types

import numpy as np
import pytest

import s2sad
from s2sad.backends.errors import JitError
from s2sad.backends.jit_lines import carry_sources, kept_value_line, marked_location, user_statements
from s2sad.errors import GENERATED
from s2sad.pipeline_forward import build_jvp


def squeeze_without_axis(X):
    Y = X * 2.0
    s = np.sum(Y ** 2)
    s = s + Y.clip(0.2, 0.9).sum() + Y[None].squeeze().sum()
    return s + np.sum(Y)


def test_a_refusal_in_the_forward_sweep_names_the_statement_not_a_guess():
    """The `np.squeeze` numba refuses is on the third line; before, the message guessed the
    `return` line ("probably from your code"), the line whose comment shared most names."""
    with pytest.raises(JitError) as info:
        s2sad.grad(squeeze_without_axis, jit=True)(np.ones((3, 2)))
    msg = str(info.value)
    assert "probably" not in msg
    line = squeeze_without_axis.__code__.co_firstlineno + 3
    assert f"line {line}, column 46, in squeeze_without_axis:" in msg
    assert "from your code:                 s = s + Y.clip(0.2, 0.9).sum() + Y[None].squeeze().sum()" in msg


def _rescale(v):
    w = v + 1.0
    return np.squeeze(w[None]) * 2.0


def calls_a_helper(x):
    z = _rescale(x * x)
    return np.sum(z)


def test_a_refusal_inside_an_inlined_helper_names_the_helpers_line():
    with pytest.raises(JitError) as info:
        s2sad.grad(calls_a_helper, jit=True)(np.ones(3))
    msg = str(info.value)
    line = _rescale.__code__.co_firstlineno + 2
    assert f"line {line}, column 12, in _rescale:" in msg and "probably" not in msg


def test_nothing_is_mapped_when_the_text_and_the_trees_do_not_pair():
    tree = ast.parse("def f(x):\n    y = x\n    return y").body[0]
    assert user_statements("def f(x):\n    return x\n", [tree]) == {}
    assert user_statements("def f(x):\n    y = x\n    return y\n", [tree]) == {}   # no user source: nothing


def gathers_columns_by_a_list(S):
    S = np.block([[S, S], [S * S, S]])
    return np.sum(S * S)


@pytest.mark.jit
def test_a_second_order_refusal_names_the_users_line():
    """hvp (forward mode over the generated adjoint) copies the adjoint's forward sweep, whose
    statements carry no source: numba's refusal of `S[:, [0, 2, 0, 1]]` (since stop 56 compiled; now a
    nested `np.block`, which numba still refuses) named only the
    generated line, where grad(jit=True) names the user's (fuzz24; campaign seeds 36100000-039,
    the hvp-jit and hessian-jit refusals of seed 36100000; fails before). Now the adjoint's
    statement it copies gives the user's line marked above it there."""
    S = np.arange(8.0).reshape(2, 4) / 7.0
    with pytest.raises(JitError) as info:
        s2sad.hvp(gathers_columns_by_a_list, jit=True)(S, np.ones_like(S))
    msg = str(info.value)
    line = gathers_columns_by_a_list.__code__.co_firstlineno + 1
    assert f"line {line}, column 9, in gathers_columns_by_a_list:" in msg
    assert "S = np.block([[S, S], [S * S, S]])" in msg


def test_a_tape_push_is_mapped_to_the_line_that_made_the_value():
    """numba typing a tape's list (`tape_t21.append(t21)` of a list `[s, array]`) failed at a line
    s2sad wrote, and the JitError named no line of the user's (fuzz24: seed 36100008 of the
    campaign on 7d09a8c, `--jit-every 8`). The push is mapped to the assignment of the value it keeps."""
    source = ("def f_adjoint(x):\n    tape_t21 = []\n    for s in x:\n        t21 = [s, x]\n"
              "        tape_t21.append(t21)\n        xs.append(t21)\n")
    assert kept_value_line(source, 5) == 4
    assert kept_value_line(source, 6) is None        # a list of the user's: mapped as it is
    assert kept_value_line(source, 4) is None


def reshapes_a_number(x):
    e = x[None] * 1.0
    return np.squeeze(e)[0] * x[0] + x[1]


@pytest.mark.jit
@pytest.mark.parametrize("transform", [s2sad.jvp, s2sad.hvp])
def test_a_forward_mode_refusal_names_the_users_line(transform):
    """jvp(jit=True) lowers forward mode's code from its text, whose statements carried no source:
    numba's refusal of np.reshape of a number named no line of the user's, or guessed one
    ("probably", no column), where grad(jit=True) names the statement (fuzz24, campaign seed
    24300009). hvp's statement is one of the adjoint it differentiates, whose text the lowering
    changed (np.reshape became s2sad's helper): no user line either. Both fail before. (jitrules25:
    np.reshape of a number compiles now; np.squeeze without an axis, whose rank numba cannot
    know, is the refusal.)"""
    with pytest.raises(JitError) as info:
        transform(reshapes_a_number, jit=True)(np.ones(3), np.ones(3))
    msg = str(info.value)
    line = reshapes_a_number.__code__.co_firstlineno + 2
    assert re.search(rf"line {line}, column \d+, in reshapes_a_number:", msg) and "probably" not in msg
    assert "from your code:                 return np.squeeze(e)[0] * x[0] + x[1]" in msg


def scales_by_a_helper(x):
    y = _rescale(np.sin(x))
    return y * x


def test_every_forward_statement_is_mapped_to_the_users_line_it_differentiates():
    """A tangent statement (t_y = ...) keeps the source of the primal statement it differentiates,
    and so does the text the jit stage parses again (carry_sources): each line of the jvp's code
    is mapped to the user's line (an inlined helper's statements to the helper's)."""
    built = build_jvp(scales_by_a_helper, ["x"])
    tree = carry_sources(ast.parse(built.source).body[0], built.forward_tree)
    made = user_statements(built.source, [tree])
    lines = built.source.splitlines()
    simple = [k for k, s in enumerate(lines, 1) if s.strip() and not s.lstrip().startswith(("def ", "return", "#"))]
    assert any("t_" in lines[k - 1].split("=")[0] for k in simple)     # tangent statements are among them
    assert simple and all(k in made for k in simple), built.source
    users = {(src.name, node.lineno) for src, node in made.values()}
    first = scales_by_a_helper.__code__.co_firstlineno
    assert ("scales_by_a_helper", first + 1) in users and ("_rescale", _rescale.__code__.co_firstlineno + 2) in users


def test_nothing_is_carried_when_the_text_and_the_tree_do_not_pair():
    made_from = build_jvp(scales_by_a_helper, ["x"]).forward_tree
    tree = carry_sources(ast.parse("def f(x):\n    return x").body[0], made_from)
    assert not any(hasattr(s, "_s2sad_written") for s in ast.walk(tree))


def test_a_statement_of_a_generated_adjoint_is_located_at_the_mark_above_it():
    """hvp's statements keep the source of the adjoint they differentiate; its blocks are marked
    with the user's location they came from (GENERATED): the last mark at or above the line."""
    name = "<test adjoint, marked_location>"
    where = 'File "f.py", line {}, column 5, in f:\n    y = x * {}\n    ^\n'
    GENERATED[name] = [(3, where.format(2, 2)), (7, where.format(3, 3))]
    try:
        src = types.SimpleNamespace(filename=name)
        assert marked_location(src, ast.parse("a = b").body[0]) is None      # line 1: above every mark
        assert marked_location(src, types.SimpleNamespace(lineno=6)) == 'File "f.py", line 2, column 5, in f:\n    y = x * 2'
        assert marked_location(src, types.SimpleNamespace(lineno=7)).endswith("y = x * 3")
        assert marked_location(types.SimpleNamespace(filename="f.py"), types.SimpleNamespace(lineno=7)) is None
    finally:
        del GENERATED[name]
