"""Stage parse (s2sad/frontend/parsing.py): a module-level function is read from its file parsed
once, and gives the same tree, lines and columns as reading its own lines (the general path)."""
import ast
import functools

import numpy as np

from s2sad.frontend import parsing


def _general(func):
    """The tree the general path (inspect.getsourcelines) gives."""
    saved = parsing._module_level
    parsing._module_level = lambda code: (None, 0, None, None)
    try:
        return parsing.parse_function(func)
    finally:
        parsing._module_level = saved


def plain(x, y):
    return np.sum(x * y)     # a comment


def _twice(f):
    @functools.wraps(f)
    def wrapper(*args):
        return 2.0 * f(*args)
    return wrapper


@_twice
@functools.lru_cache(maxsize=None)
def decorated(x):
    return x * x


def test_module_level_functions_parse_as_the_general_path():
    for func in (plain, decorated.__wrapped__.__wrapped__, _twice):
        fast = parsing.parse_function(func)
        assert parsing._module_level(func.__code__)[0] is not None
        slow = _general(func)
        assert ast.dump(fast.tree, include_attributes=True) == ast.dump(slow.tree, include_attributes=True)
        assert (fast.filename, fast.name, fast.indent, fast.lines) == \
            (slow.filename, slow.name, slow.indent, slow.lines)


def test_each_parse_is_a_fresh_tree():
    a, b = parsing.parse_function(plain), parsing.parse_function(plain)
    a.tree.body.clear()
    assert b.tree.body and parsing.parse_function(plain).tree.body


def test_nested_functions_and_lambdas_take_the_general_path():
    def inner(x):
        return x + 1.0
    square = lambda x: x * x  # noqa: E731
    wrapper = _twice(plain)
    for func in (inner, square, wrapper):
        assert parsing._module_level(func.__code__)[0] is None
        assert ast.dump(parsing.parse_function(func).tree) == ast.dump(_general(func).tree)
