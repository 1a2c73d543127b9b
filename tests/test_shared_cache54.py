"""The xdist workers share one cache directory (tests/conftest.py): numba's saves must be safe
between processes. Two processes save 150 entries each, different keys, into one numba cache
index at the same time; every entry must then load the data saved under its own key (numba's own
``save`` lets both pick the same data file name, and its index then names the other's data)."""
import os
import pathlib
import subprocess
import sys
import textwrap

import pytest

pytest.importorskip("fcntl")
ROOT = pathlib.Path(__file__).resolve().parents[1]
SAVER = textwrap.dedent("""
    import os, sys, time
    sys.path.insert(0, {root!r})
    from numba.core.caching import IndexDataCacheFile
    from tests.conftest import _locked_saves
    assert _locked_saves()
    path, tag = sys.argv[1], sys.argv[2]
    cache = IndexDataCacheFile(cache_path=path, filename_base="f", source_stamp=(1.0, 1))
    open(os.path.join(path, "ready-" + tag), "w").close()
    while len([n for n in os.listdir(path) if n.startswith("ready-")]) < 2:
        time.sleep(0.001)
    for i in range(150):
        cache.save(tag + str(i), tag + str(i))
""")


def test_two_processes_saving_at_once_keep_each_key_with_its_own_data(tmp_path):
    from numba.core.caching import IndexDataCacheFile
    code = SAVER.format(root=str(ROOT))
    procs = [subprocess.Popen([sys.executable, "-c", code, str(tmp_path), tag], stderr=subprocess.PIPE, text=True)
             for tag in "ab"]
    for p in procs:
        assert p.wait(timeout=120) == 0, p.stderr.read()
    cache = IndexDataCacheFile(cache_path=str(tmp_path), filename_base="f", source_stamp=(1.0, 1))
    keys = [tag + str(i) for tag in "ab" for i in range(150)]
    assert sorted(cache._load_index()) == sorted(keys)
    assert [cache.load(k) for k in keys] == keys
    assert not [n for n in os.listdir(tmp_path) if ".tmp." in n]
