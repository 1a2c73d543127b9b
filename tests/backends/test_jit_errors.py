"""backends/jit_errors.py: the keyword advice names only keywords of the call numba refused, not
the ``aligned=True`` inside an argument's type (``np.array([np.asarray(x[0]), np.sum(x)])`` was
reported as "numba's `_s2sad_array` does not take `aligned=`")."""
from s2sad.backends.jit_errors import _top_level_keywords, user_line


def test_keywords_inside_an_argument_type_are_not_the_calls():
    assert _top_level_keywords("array(LiteralList((Array(float64, 0, 'C', False, aligned=True), float64)))") == []


def test_keywords_of_the_call_are_found():
    assert _top_level_keywords("std(array(float64, 1d, C), ddof=Literal[int](1))") == ["ddof"]
    assert _top_level_keywords("insert(Array(float64, 1, 'C', False, aligned=True), int64, float64, "
                               "axis=Literal[int](0))") == ["axis"]


# A reverse-sweep block whose first statements loopfuse fused into a loop behind a shape guard
# (fuzz seed 7105300): a compile error on the line after it named only the generated line, as the
# search for the block's comment stopped at the guard.
FUSED_BLOCK = """def f_adjoint(w, dout=1.0):
    # d = d - 0.5 * residual(theta)
    b_t33 = -b_d * 0.5
    if w.shape == t30.shape:
        for _i0 in range(t30.shape[0]):
            b_w_all[_i0] = b_t33 * np.cos(w[_i0])
        b_w = b_w_all
    else:
        b_w = np.full(t30.shape, b_t33) * np.cos(w)
    t27 = tape_t27.pop()
    b_t27 = zeros_like(t27)
    # x = y
    if c1:
        # z = w
        b_w += 1.0
    b_x = b_y
"""


def test_the_comment_of_a_block_is_found_past_a_fused_loop():
    lines = FUSED_BLOCK.splitlines()
    assert user_line(lines, 11, None) == (["d = d - 0.5 * residual(theta)"], True)


def test_a_comment_inside_a_sibling_statement_is_not_the_lines():
    lines = FUSED_BLOCK.splitlines()
    assert user_line(lines, 16, None) == ([], False)


# A reverse-sweep block reading a tape whose shape is tested at run time: its pop is written out
# (array_tapes), an `if` over the list's value and a row; the search for the block's comment
# passes it, as it passed the pop call it replaced.
POPPED_BLOCK = """def f_adjoint(w, dout=1.0):
    # s = s + np.max(v)
    tape_v_n -= 1
    if len(tape_v) != 0:
        v = tape_v.pop()
    else:
        v = tape_v_rows[tape_v_n]
    _s2sad_extreme_grad_add(b_v, dout, m, v)
"""


def test_the_comment_of_a_block_is_found_past_a_written_out_pop():
    lines = POPPED_BLOCK.splitlines()
    assert user_line(lines, 8, None) == (["s = s + np.max(v)"], True)
