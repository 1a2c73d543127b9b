"""s2sad's own rule templates are parsed at their first lookup (s2sad/rules/registry.py
LazyRule): a first ``s2sad.grad`` call spent half its time parsing the ~160 templates of the
table. Enumerating the table still sees every rule, parsed, and a malformed template is still
refused."""
import math
import subprocess
import sys

import numpy as np
import pytest

from s2sad.errors import RuleError
from s2sad.rules import forward_registry, grads, registry, tangents  # noqa: F401  (register the tables)

_FRESH = '''
import math, numpy as np
from s2sad.rules import forward_registry, grads, registry, tangents
from s2sad.rules.registry import LazyRule
table = [e for e in {id(e): e for e in list(registry._RULES.values()) + list(forward_registry._RULES.values())}.values()
         if isinstance(e, LazyRule)]
assert len(table) > 200, len(table)
assert not any(e.parsed for e in table), [e.name for e in table if e.parsed]
rule = registry.lookup(np.exp)
assert rule is registry.lookup(math.exp) and type(rule).__name__ == "Rule" and rule.params == ["y", "x"]
assert [e.name for e in table if e.parsed] == ["exp"], [e.name for e in table if e.parsed]
assert forward_registry.lookup(np.exp).terms and [e.name for e in table if e.parsed] == ["exp", "exp"]
print("ok")
'''


def test_no_template_is_parsed_until_looked_up():
    """In a fresh process: importing the tables parses nothing; a lookup parses that rule only
    (one Rule for np.exp and math.exp, registered by one template)."""
    out = subprocess.run([sys.executable, "-c", _FRESH], capture_output=True, text=True, timeout=120, check=False)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr[-3000:]


def test_enumerating_the_table_sees_every_rule_parsed():
    entries = {id(e): e for e in registry._RULES.values()}.values()
    assert len(entries) > 100
    for entry in entries:
        assert entry.params[0] and entry.body, entry.name     # reading an attribute parses it
        assert entry.differentiable or entry.why_nondiff(entry.params[1]), entry.name
    for key, entry in list(registry._RULES.items()):
        if isinstance(key, int):
            continue     # keyed by id(): not an object lookup can be given
        rule = registry.lookup(key)
        assert isinstance(rule, registry.Rule) and rule.func is entry.func and rule.name == entry.name


def _fake_library(template):
    template.__module__ = "s2sad.rules.fake"     # as if it were one of s2sad's own templates
    return template


def _unused_function(x):
    return x


def test_a_library_template_without_a_d_line_is_refused_when_read(monkeypatch):
    monkeypatch.setitem(registry._RULES, registry._key(_unused_function), None)   # restored after the test

    @registry.adjoint(_unused_function)
    @_fake_library
    def no_line(y, x):
        z = x * 2.0     # noqa: F841  (not a `d[x] = ...` line)

    entry = registry._RULES[registry._key(_unused_function)]
    assert isinstance(entry, registry.LazyRule) and not entry.parsed
    with pytest.raises(RuleError, match="every statement must be `d\\[param\\] = expression`") as err:
        registry.lookup(_unused_function)
    assert "test_registry_lazy.py" in str(err.value)
    with pytest.raises(RuleError):
        _ = entry.params   # what the table's tests read (tests/rules/test_table.py)


def test_a_library_template_is_parsed_once(monkeypatch):
    monkeypatch.setitem(registry._RULES, registry._key(_unused_function), None)
    calls = []
    parse = registry.parse_rule
    monkeypatch.setattr(registry, "parse_rule", lambda *a: calls.append(a) or parse(*a))

    @registry.adjoint(_unused_function)
    @_fake_library
    def doubled(y, x):
        d[x] = 2.0 * d[y]  # noqa: F821

    assert calls == []
    rule = registry.lookup(_unused_function)
    assert registry.lookup(_unused_function) is rule and len(calls) == 1
    assert rule.differentiable == ["x"] and rule.library


def test_a_users_rule_is_still_checked_when_registered():
    with pytest.raises(RuleError, match="every statement must be"):
        @registry.adjoint(_unused_function)
        def users_rule(y, x):
            z = x * 2.0     # noqa: F841


def test_math_and_numpy_share_a_parsed_rule():
    assert registry.lookup(np.sin) is registry.lookup(math.sin)
