"""emit.to_source and astutil.clone, rewritten for speed (stop 48, first48): the same text as
before, the input tree untouched, s2sad's annotations and locations kept by clone."""
import ast

from s2sad import astutil as A
from s2sad.backends import emit

SOURCE = '''
def f(x, y):
    __comment__("y = x ** 2", 'File "u.py", line 3, column 5, in f:')
    a = x * -1.5 + (-2) ** 2
    __comment__("")
    if a > -0.5:
        global z
        b = -a if a < 0 else {1: -3, 2: None}[1]
    return [b, (a, -1e300), True, -True]
'''


def test_to_source_text_comments_and_negative_literals():
    tree = ast.parse(SOURCE)
    where = []
    text = emit.to_source(tree, where)
    assert "# y = x ** 2" in text
    assert "__comment__" not in text                 # the silent marker leaves no line
    assert "-(1.5)" not in text and "-1.5" in text   # a negative literal as -(1.5): astor prints it bare
    assert "(-2) ** 2" in text                       # never -2 ** 2, which is -(2 ** 2)
    assert where == [(2, 'File "u.py", line 3, column 5, in f:')]
    ns = {}
    exec(compile(text.replace("global z\n", "pass\n"), "<t>", "exec"), ns)
    assert ns["f"](1.0, 0.0) == [-3, (2.5, -1e300), True, -1]


def test_to_source_leaves_its_input_alone():
    tree = ast.parse(SOURCE)
    tree.body[0]._s2sad_fallback = True
    before = ast.dump(tree, include_attributes=True)
    emit.to_source(tree, [])
    emit.to_source(tree)
    assert ast.dump(tree, include_attributes=True) == before
    assert not any(hasattr(n, "_pp") for n in ast.walk(tree))     # astor's marks went on a copy
    assert tree.body[0]._s2sad_fallback is True


def test_to_source_of_a_tree_built_without_locations():
    fdef = ast.FunctionDef(name="g", args=ast.arguments(posonlyargs=[], args=[ast.arg(arg="x")], vararg=None,
                                                        kwonlyargs=[], kw_defaults=[], kwarg=None, defaults=[]),
                           body=[ast.Return(value=ast.BinOp(left=ast.Name(id="x", ctx=ast.Load()), op=ast.Mult(),
                                                            right=ast.Constant(-3.0)))],
                           decorator_list=[], returns=None, type_params=[])
    text = emit.to_source(ast.Module(body=[fdef], type_ignores=[]))
    ns = {}
    exec(compile(text, "<t>", "exec"), ns)
    assert ns["g"](2.0) == -6.0
    assert not hasattr(fdef, "lineno") or fdef.lineno is None     # no location written on the caller's tree


def test_clone_is_deep_and_keeps_annotations_and_locations():
    tree = ast.parse(SOURCE)
    marked = [n for n in ast.walk(tree) if isinstance(n, (ast.If, ast.Name))]
    obj = object()
    for n in marked:
        n._s2sad_fallback = True
        n._s2sad_obj = obj
    n0 = marked[0]
    n0.unkept = 1                    # not an annotation clone keeps
    copy = A.clone(tree)
    assert ast.dump(copy, include_attributes=True) == ast.dump(tree, include_attributes=True)
    pairs = list(zip(ast.walk(tree), ast.walk(copy)))
    assert all(a is not b for a, b in pairs)
    for a, b in pairs:
        assert getattr(b, "_s2sad_fallback", False) == getattr(a, "_s2sad_fallback", False)
        assert getattr(b, "_s2sad_obj", None) is getattr(a, "_s2sad_obj", None)   # by reference
        assert not hasattr(b, "unkept")
    copy.body[0].body[1].targets[0].id = "changed"
    assert tree.body[0].body[1].targets[0].id == "a"
    glob = next(n for n in ast.walk(copy) if isinstance(n, ast.Global))
    assert glob.names == ["z"]
    assert A.clone([tree.body[0].body[1], None, 3])[1:] == [None, 3]
