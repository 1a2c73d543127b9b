"""backends/jit_errors.py: the keyword advice names only keywords of the call numba refused, not
the ``aligned=True`` inside an argument's type (``np.array([np.asarray(x[0]), np.sum(x)])`` was
reported as "numba's `_s2sad_array` does not take `aligned=`")."""
from s2sad.backends.jit_errors import _top_level_keywords


def test_keywords_inside_an_argument_type_are_not_the_calls():
    assert _top_level_keywords("array(LiteralList((Array(float64, 0, 'C', False, aligned=True), float64)))") == []


def test_keywords_of_the_call_are_found():
    assert _top_level_keywords("std(array(float64, 1d, C), ddof=Literal[int](1))") == ["ddof"]
    assert _top_level_keywords("insert(Array(float64, 1, 'C', False, aligned=True), int64, float64, "
                               "axis=Literal[int](0))") == ["axis"]
