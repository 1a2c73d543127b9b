"""tests/worker_recycling.py: an xdist worker past ``--worker-rss-limit`` is replaced after its
current file, and every test still runs once, in one worker per file, and passes.

A small project of its own (no s2sad import: its workers start in ~1 s) whose tests each keep
60 MB written, so each worker passes a 100 MB limit after its first file."""
import collections
import os
import pathlib
import re
import subprocess
import sys

import pytest

pytest.importorskip("xdist")

ROOT = pathlib.Path(__file__).resolve().parents[1]

CONFTEST = '''
import pytest
from tests import worker_recycling
from tests.worker_recycling import pytest_testnodedown, pytest_xdist_make_scheduler

def pytest_addoption(parser):
    worker_recycling.add_option(parser)

@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session):
    # in the controller, before xdist ends the workers still open: which replaced ones still run?
    import os, time
    if hasattr(session.config, "workerinput"):
        return
    def running(pid):
        try:
            with open(f"/proc/{pid}/status") as status:
                return not any(line.startswith("State:") and "Z" in line for line in status)
        except OSError:
            return False
    deadline = time.monotonic() + 20
    while any(running(pid) for _, pid in worker_recycling.RELEASED) and time.monotonic() < deadline:
        time.sleep(0.1)
    with open(os.environ["RECORD"] + ".released", "w") as out:
        for worker, pid in worker_recycling.RELEASED:
            out.write(f"{worker} {pid} {'running' if running(pid) else 'ended'}\\n")
'''

TEST_FILE = '''
import os
KEPT = []

def _record(name):
    KEPT.append(b"x" * (60 << 20))        # written: resident
    with open(os.environ["RECORD"], "a") as out:
        out.write(f"{{__name__}}::{{name}} {{os.environ['PYTEST_XDIST_WORKER']}} {{os.getpid()}}\\n")

{tests}
'''


def _run(tmp_path, limit):
    for i in range(8):
        tests = "\n".join(f"def test_{j}():\n    _record('test_{j}')\n" for j in range(3))
        (tmp_path / f"test_part{i}.py").write_text(TEST_FILE.format(tests=tests))
    (tmp_path / "conftest.py").write_text(CONFTEST)
    record = tmp_path / "record.txt"
    env = dict(os.environ, PYTHONPATH=str(ROOT), RECORD=str(record))
    env.pop("PYTEST_XDIST_WORKER", None)
    done = subprocess.run([sys.executable, "-m", "pytest", "-n", "2", "--dist", "loadfile", "-p", "no:cacheprovider",
                           f"--worker-rss-limit={limit}", str(tmp_path)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)
    rows = [line.split() for line in record.read_text().splitlines()]
    return done, rows


def _check_each_test_once(done, rows):
    assert done.returncode == 0, done.stdout + done.stderr
    assert "24 passed" in done.stdout
    assert sorted(name for name, _, _ in rows) == sorted(
        f"test_part{i}::test_{j}" for i in range(8) for j in range(3))
    workers_of_file = collections.defaultdict(set)
    for name, worker, pid in rows:
        workers_of_file[name.split("::")[0]].add((worker, pid))
    assert all(len(w) == 1 for w in workers_of_file.values()), workers_of_file


def test_a_worker_past_the_limit_is_replaced_and_every_test_runs_once(tmp_path):
    done, rows = _run(tmp_path, limit=100)
    _check_each_test_once(done, rows)
    workers = {(worker, pid) for _, worker, pid in rows}
    assert len(workers) > 2, rows                       # a worker replaced
    assert "replaced by gw" in done.stdout
    assert len({pid for _, pid in workers}) == len({worker for worker, _ in workers})   # an id: one process
    released = [line.split() for line in (tmp_path / "record.txt.released").read_text().splitlines()]
    # each replacement adds a worker: all but the last two ran out their session before the end, and
    # their processes are gone then, not kept (with their memory) until xdist ends the run
    assert len(released) >= len(workers) - 2 > 0, (released, workers)
    assert all(state == "ended" for _, _, state in released), released



def test_a_limit_under_a_fresh_workers_memory_still_runs_every_test(tmp_path):
    """A limit below a worker's start-up memory (~100 MB): each worker runs a file before it is
    replaced (it used to be replaced before running anything, gw2 ... gw55 and no test run)."""
    done, rows = _run(tmp_path, limit=1)
    _check_each_test_once(done, rows)
    replaced = set(re.findall(r"\[(gw\d+)\] \d+ MB resident: replaced by gw", done.stdout))
    ran = {worker for _, worker, _ in rows}
    assert replaced and replaced <= ran, (replaced, ran)
