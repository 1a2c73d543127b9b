"""Names that may hold a tuple or a list (s2sad/analyses/containers.py), from their assignments."""
import ast
import textwrap

from s2sad.analyses.containers import containers, tuple_or_list_valued


def _body(src):
    return ast.parse(textwrap.dedent(src)).body


def test_tuples_lists_and_their_elements_and_slices_are_classified():
    tuples, lists = containers(_body("""
        t = (a, b)
        u = t
        pairs = [(a, b), (c, d)]
        p = pairs[i]
        rest = pairs[1:]
        q = rest[0]
        acc = []
        acc.append(u)
        r = acc[-1]
        L = list(x)
        w = L[1:3]
        sq = [v * v for v in x]
        y = x[0]
        z = np.zeros(3)
    """))
    assert tuples == {"t", "u", "p", "q", "r"}
    assert lists == {"pairs", "rest", "acc", "L", "w", "sq"}


def test_assignments_in_nested_blocks_count_and_a_seed_of_lists_propagates():
    body = _body("""
        for k in range(3):
            if k > 0:
                s = (k, k)
            m = seed[1:]
        n = m
        e = n[0]
    """)
    assert tuple_or_list_valued(body, frozenset({"seed"})) == {"seed", "s", "m", "n"}
    assert tuple_or_list_valued(body) == {"s"}


def test_an_element_of_a_list_of_arrays_is_not_a_container():
    tuples, lists = containers(_body("""
        Ws = [W1, W2]
        W = Ws[0]
        h = W @ x
    """))
    assert tuples == set() and lists == {"Ws"}
