"""Functions written as people in other fields write them (hunt51: orbital mechanics,
pharmacokinetics, hydrology, plasticity, traffic flow, simplex projections, matrix factorisation,
text features, image warps, tomography, survey raking, meta-learning, splines, adaptive
quadrature, games, agent-based models, records and classes). The whole hunt lives in
/work/scratch/hunt51 (harness.py, sets/*.py); these are the cases it lifted or fixed."""
import bisect

import numpy as np
import pytest

import s2sad
from s2sad.testing import check_grad, check_hvp, check_jvp


def rake_list_copy(base, margins):
    """Survey raking: the weights are a list copied from the array argument (`list(base)`),
    rescaled group by group until every margin holds."""
    w = list(base)
    groups = [[0, 1], [2, 3, 4]]
    delta = 1.0
    while delta > 1e-12:
        delta = 0.0
        for g, m in zip(groups, margins):
            s = sum(w[i] for i in g)
            f = m / s
            delta = max(delta, abs(f - 1.0))
            for i in g:
                w[i] = w[i] * f
    return sum(wi * wi for wi in w)


def rows_list_copy(X):
    """`list(X)` of a matrix is the list of its rows."""
    r = list(X)
    return sum(np.sum(v ** 2) * (i + 1) for i, v in enumerate(r))


BASE = np.array([1.0, 2.0, 1.5, 0.5, 1.0])
MARGINS = np.array([4.0, 5.0])


def test_list_copy_of_an_array_argument_in_a_raking_loop():
    check_grad(rake_list_copy, BASE.copy(), MARGINS.copy(), wrt=(0, 1))
    check_jvp(rake_list_copy, BASE.copy(), MARGINS.copy(), tangent=np.linspace(-1.0, 1.0, 5))
    value, _ = s2sad.value_and_grad(rake_list_copy)(BASE.copy(), MARGINS.copy())
    assert np.isclose(value, rake_list_copy(BASE, MARGINS))


def test_list_copy_of_a_matrix_argument_is_its_rows():
    X = np.arange(6.0).reshape(3, 2)
    check_grad(rows_list_copy, X.copy())
    assert np.allclose(s2sad.grad(rows_list_copy)(X), 2 * X * np.array([[1.0], [2.0], [3.0]]))


def bow_logistic(w, docs, vocab):
    """Bag of words: each word's weight found through the vocabulary, a dict argument read with
    the word as its key (`transforms/lookup_dicts.py`)."""
    loss = 0.0
    for words, y in docs:
        z = 0.0
        for t in words:
            if t in vocab:
                z += w[vocab[t]] * vocab.get("scale", 1.0)
        loss += np.log1p(np.exp(-y * z))
    return loss


def embedding_sum(E, sentence, table):
    vec = np.zeros(E.shape[1])
    for tok in sentence.split():
        vec = vec + E[table.get(tok, 0)]
    return np.tanh(vec) @ np.arange(E.shape[1])


def weighted_by_name(x, names, coef):
    return sum(coef[n] * x[i] ** 2 for i, n in enumerate(names))


def vocab_written(w, words, vocab):
    s = 0.0
    for t in words:
        vocab[t] = 0
        s += w[vocab[t]]
    return s


def table_entry_written(x, names, tbl):
    s = 0.0
    for n in names:
        tbl[n][0] = 1.0
        s = s + np.sum(tbl[n] * x)
    return s


W4 = np.array([0.2, -0.1, 0.4, 0.3])
VOCAB = {"a": 0, "b": 1, "c": 2, "d": 3, "scale": 2}
DOCS = [(["a", "b", "a"], 1.0), (["c", "d", "zz"], -1.0)]
TABLE = {"the": 1, "cat": 2, "dog": 3}


def test_vocabulary_dict_argument_read_with_the_word_as_key():
    check_grad(bow_logistic, W4.copy(), DOCS, VOCAB)
    check_jvp(bow_logistic, W4.copy(), DOCS, VOCAB, tangent=np.ones(4))
    E = np.linspace(-1.0, 1.0, 12).reshape(4, 3)
    check_grad(embedding_sum, E, "the cat the dog", TABLE)
    check_jvp(embedding_sum, E, "the cat the dog", TABLE, tangent=np.ones((4, 3)))
    check_hvp(embedding_sum, E, "the cat the dog", TABLE, v=np.ones((4, 3)))    # `table.get(seq[k])` in the adjoint
    assert VOCAB == {"a": 0, "b": 1, "c": 2, "d": 3, "scale": 2} and TABLE == {"the": 1, "cat": 2, "dog": 3}


def test_coefficients_dict_argument_read_by_name_in_every_mode():
    x, names, coef = np.array([1.0, 2.0]), ["u", "v"], {"u": 0.5, "v": 1.5}
    check_grad(weighted_by_name, x, names, coef)
    assert np.allclose(s2sad.hvp(weighted_by_name)(x, names, coef, np.array([1.0, 1.0])), [1.0, 3.0])


def test_dict_argument_written_or_differentiated_with_a_computed_key_stays_refused_located():
    with pytest.raises(s2sad.UnsupportedSyntaxError) as err:
        s2sad.grad(vocab_written)(W4.copy(), ["a"], {"a": 1})
    assert __file__ in str(err.value) and "vocab[t] = 0" in str(err.value)
    with pytest.raises(s2sad.UnsupportedSyntaxError) as err:
        s2sad.grad(weighted_by_name, wrt=2)(np.array([1.0, 2.0]), ["u", "v"], {"u": 0.5, "v": 1.5})
    assert __file__ in str(err.value) and "coef[n]" in str(err.value)
    tbl = {"a": np.array([5.0, 2.0])}
    with pytest.raises(s2sad.UnsupportedSyntaxError) as err:     # not kept whole: it is written into
        s2sad.grad(table_entry_written)(np.array([0.5, 1.5]), ["a"], tbl)
    assert __file__ in str(err.value) and "tbl[n][0] = 1.0" in str(err.value) and tbl["a"][0] == 5.0


def natural_cubic_spline(y, xq):
    """A natural cubic spline through (i, y[i]), its interval found with `bisect` (an integer:
    no derivative, as `np.searchsorted`)."""
    n = len(y)
    A = np.zeros((n, n))
    r = np.zeros(n)
    A[0, 0] = A[-1, -1] = 1.0
    for i in range(1, n - 1):
        A[i, i - 1], A[i, i], A[i, i + 1] = 1.0, 4.0, 1.0
        r[i] = 6 * (y[i + 1] - 2 * y[i] + y[i - 1])
    M = np.linalg.solve(A, r)
    i = bisect.bisect_right(list(range(n)), xq) - 1
    t = xq - i
    return (1 - t) * y[i] + t * y[i + 1] + ((1 - t) ** 3 - (1 - t)) * M[i] / 6 + (t ** 3 - t) * M[i + 1] / 6


def piecewise_linear(knots, ys, x):
    k = bisect.bisect(knots, x) - 1
    k = min(max(k, 0), len(knots) - 2)
    w = (x - knots[k]) / (knots[k + 1] - knots[k])
    return (1 - w) * ys[k] + w * ys[k + 1]


def test_interval_found_by_bisect_in_spline_evaluation():
    y = np.array([0.0, 1.0, 0.5, 2.0, 1.5])
    check_grad(natural_cubic_spline, y, 2.4, wrt=(0, 1))
    check_jvp(natural_cubic_spline, y, 2.4, wrt=(0, 1), tangent=(np.ones(5), 1.0))
    check_grad(piecewise_linear, [0.0, 1.0, 2.5, 4.0], y[:4], 1.7, wrt=(1, 2))


def entry_by_computed_key(x):
    d = {"a": x[0], "b": x[1]}
    k = "a" if x[2] > 0 else "b"
    return d.get(k + "", 0.0) * 2


def test_local_dict_get_with_a_computed_key_is_refused_naming_no_internal_variable():
    with pytest.raises(s2sad.UnsupportedSyntaxError) as err:
        s2sad.grad(entry_by_computed_key)(np.array([1.0, 2.0, 3.0]))
    msg = str(err.value)
    assert __file__ in msg and 'd.get(k + "", 0.0)' in msg
    assert "`d.get(..., ...)` with a key that is not a constant" in msg and "`for k in d:`" in msg
