"""A refusal never quotes a name s2sad made (stop 57, issue 8). A dict kept in a list that is then
written into (``rows = [{"w": x[0]}, ...]; rows[0]["w"] = ...``) was refused as "this use of `t2`",
the temporary the frontend (anf) had made for the dict display. Every temporary anf makes now
records the user's expression it holds (``Namer.holds``) and a refusal quotes that expression
(``names.users_names``); a dict put in a list or tuple display gets its own advice."""
import re

import numpy as np
import pytest

import s2sad
from s2sad.errors import S2sadError

X = np.array([0.3, -0.7, 1.1])
GENERATED = re.compile(r"`[^`]*(\bt\d+\b|_s2sad|\bb_\w+|\bc\d+\b)[^`]*`")


def list_of_dicts_written_into(x):
    rows = [{"w": x[0]}, {"w": x[1]}]
    rows[0]["w"] = rows[0]["w"] * 2.0
    return rows[0]["w"] * rows[1]["w"]


def tuple_of_dicts_sorted(x):
    ds = ({"a": x[0] * 2}, {"a": x[1]})
    return sorted(ds, key=lambda d: d["a"])[0]["a"]


def dict_in_a_tuple_passed_on(x):
    t = (x[0] * 2, {"k": x[1]})
    return t[1]["k"] + len(str(t))


def dict_of_a_conditional_in_a_list(x):
    rows = [{"w": x[0]} if x[1] > 0 else {"w": x[2]}, {"w": x[1]}]
    rows.append({"w": x[2]})
    return rows[0]["w"]


@pytest.mark.parametrize("f, quoted", [
    (list_of_dicts_written_into, "`{'w': x[0]}`"),
    (tuple_of_dicts_sorted, "`{'a': x[0] * 2}`"),
    (dict_in_a_tuple_passed_on, "`{'k': x[1]}`"),
    (dict_of_a_conditional_in_a_list, "`{'w': x[0]} if x[1] > 0 else {'w': x[2]}`"),
])
@pytest.mark.parametrize("make", [s2sad.grad, s2sad.jvp])
def test_refusal_quotes_the_users_expression(f, quoted, make):
    with pytest.raises(S2sadError) as info:
        g = make(f)
        g(X) if make is s2sad.grad else g(X, np.ones(3))
    text = str(info.value)
    assert GENERATED.search(text) is None, text
    assert quoted in text, text
    assert re.search(r"line \d+, column \d+", text), text
