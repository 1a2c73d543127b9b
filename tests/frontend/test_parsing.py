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


def test_two_lambdas_on_one_line_are_each_themselves():
    """The first lambda on the line with the same parameters was taken for any of them: grad of
    the second was the gradient of the first, silently."""
    import s2sad
    square, cube = (lambda x: np.sum(x ** 2)), (lambda x: np.sum(x ** 3))
    x = np.array([0.5, -1.5])
    assert np.allclose(s2sad.grad(cube)(x), 3 * x ** 2)
    assert np.allclose(s2sad.grad(square)(x), 2 * x)
    assert np.allclose(s2sad.grad(cube, jit=True)(x), 3 * x ** 2)


def test_a_file_edited_after_import_is_refused_until_reloaded(tmp_path, monkeypatch):
    """The source was read from the file as it is now, not as the running function was compiled:
    after an edit on disk the gradient was that of the new text, silently."""
    import importlib
    import sys
    import pytest
    import s2sad
    # no .pyc: an edit of the same size in the same second would let reload() load the stale
    # bytecode (x ** 2), whose mismatch with the file s2sad then refuses, rightly
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    path = tmp_path / "edited_module.py"
    path.write_text("import numpy as np\n\ndef f(x):\n    return np.sum(x ** 2)\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    module = importlib.import_module("edited_module")
    x = np.array([0.5, -1.5])
    path.write_text("import numpy as np\n\n\ndef f(x):\n    return np.sum(x ** 3)\n")
    for edit_keeps_the_line in (False, True):
        if edit_keeps_the_line:
            path.write_text("import numpy as np\n\ndef f(x):\n    return np.sum(x ** 3)\n")
        with pytest.raises(s2sad.SourceUnavailableError, match="changed after it was imported"):
            s2sad.grad(module.f)(x)
    module = importlib.reload(module)
    assert np.allclose(s2sad.grad(module.f)(x), 3 * x ** 2)
    sys.modules.pop("edited_module", None)


class _Private:
    def __init__(self):
        self.__k = 3.0

    def loss(self, x):
        return self.__k * np.sum(super().__repr__() and x ** 2)


def _closure(c):
    def inner(x):
        return c * np.sum(np.sin(x))
    return inner


def test_code_matches_the_parsed_source_of_methods_closures_and_imports():
    """The source is checked against the function's code compiled where it could have been
    written (a mismatch is refused): private names are mangled in their class, `super()` reads
    `__class__`, free variables are cells, and `np.f(x)` compiles differently when `np` was
    imported. None of these may be taken for an edited file."""
    total = lambda x: np.sum(x)  # noqa: E731
    for func in (_Private.loss, _closure(2.0), plain, _twice(plain), total):
        assert parsing.parse_function(func).tree is not None
    code = _Private.loss.__code__
    tree = ast.parse("def loss(self, x):\n    return self.__k * np.sum(x)\n").body[0]
    assert not parsing.code_matches(tree, code, parsing._imported(code.co_filename))


def test_a_lambda_in_the_header_of_a_for_loop():
    """inspect gives the `for` line alone, which does not parse: the lambda is found in the
    file's tree, on its line."""
    import s2sad
    x = np.array([0.5, -1.5])
    out = []
    for f in (lambda v: np.sum(v ** 2), lambda v: np.sum(np.sin(v))):
        out.append(s2sad.grad(f)(x))
    assert np.allclose(out[0], 2 * x) and np.allclose(out[1], np.cos(x))


class _Outer:
    def __init__(self):
        self.__k = 2.0

    def make(self):
        def inner(x):
            return self.__k * np.sum(x ** 2)
        return inner

    def loss(self, x):
        return self.__k * np.sum(x ** 3)


def test_private_names_are_mangled_with_the_class():
    """`self.__k` in a method is `self._C__k` in the code that runs; the generated code, outside
    the class, read `self.__k` (AttributeError from the adjoint, in every mode)."""
    import s2sad
    x = np.array([0.5, -1.5])
    assert np.allclose(s2sad.grad(_Outer().make())(x), 4.0 * x)
    assert np.allclose(s2sad.hvp(_Outer().make())(x, np.ones(2)), np.full(2, 4.0))
    assert np.allclose(s2sad.grad(_Outer().loss)(x), 6.0 * x ** 2)
