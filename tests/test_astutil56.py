"""astutil.leaves_loop: the one walk that says whether a loop body leaves its loop early."""
import ast
import textwrap

import pytest

from s2sad import astutil as A


def _body(src):
    loop = ast.parse(textwrap.dedent(src)).body[0]
    return loop.body


CASES = [
    # (loop source, kinds, returns, expected)
    ("for i in r:\n    if i: break", (ast.Break,), False, True),
    ("for i in r:\n    for j in r:\n        break", (ast.Break,), False, False),     # the inner loop's break
    ("for i in r:\n    for j in r:\n        pass\n    else:\n        break", (ast.Break,), False, True),
    ("for i in r:\n    while i:\n        continue", (ast.Continue,), False, False),
    ("for i in r:\n    if i: continue", (ast.Break,), False, False),
    ("for i in r:\n    if i: continue", (ast.Break, ast.Continue), False, True),
    ("for i in r:\n    def g():\n        return 1", (ast.Break,), True, False),     # a return of its own scope
    ("for i in r:\n    g = lambda: 1", (ast.Break,), True, False),
    ("for i in r:\n    for j in r:\n        return j", (ast.Break,), True, True),    # a return leaves every loop
    ("for i in r:\n    for j in r:\n        return j", (ast.Break,), False, False),
    ("for i in r:\n    try:\n        pass\n    finally:\n        break", (ast.Break,), False, True),
    ("for i in r:\n    match i:\n        case 1:\n            break", (ast.Break,), False, True),
    ("for i in r:\n    with c:\n        if i:\n            return 2", (), True, True),
]


@pytest.mark.parametrize("src, kinds, returns, expected", CASES)
def test_leaves_loop(src, kinds, returns, expected):
    assert A.leaves_loop(_body(src), kinds, returns=returns) is expected
