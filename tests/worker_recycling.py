"""Bound each pytest-xdist worker's memory: a worker whose resident memory passes a limit gets no
new test file; it finishes the file it is running, exits normally, and a fresh worker takes its
place (``--worker-rss-limit``, in MB; 0 turns it off).

Why a new process: numba adds each compiled or cache-loaded function's machine code to LLVM's
MCJIT engine and never removes it (numba issues #5976, #7831: "the LLVM compiled functions
produced by Numba's @jit family decorators are immortal for a given process"). Measured here:
gc.collect(), malloc_trim(0) and clearing s2sad's lru caches after a jit test file free
nothing. So a worker's RSS only grows with the adjoints it compiles: in the whole-suite runs of
stop 57 each of the 2 workers ended at 10.6-11.9 GB and the 23 GB machine's free memory reached 0.

Invariant: every test still runs exactly once, in the worker that was given its file, and
reports as before. The scheduler is xdist's ``loadfile`` (what tests/conftest.py chooses) with
one change, in ``_reschedule``: where it would hand the node another file, a node above the
limit is sent xdist's ordinary ``shutdown`` instead (it runs what it holds, then ends its
session: no crash, no lost test) and a new worker with the next free id (gw2, gw3, ...) is
started at once, so its start-up and collection (~20 s) overlap the old worker's last tests.
The new worker collects the same tests and is scheduled exactly as xdist schedules a worker
that replaces a crashed one, once its collection is in: while two new workers start at once, the
first to finish collecting has every node rescheduled, and the other, still collecting, is
skipped then (xdist's own _reschedule would look its collection up and fail: an INTERNALERROR
seen on tests/rules with -n 2 and a 1500 MB limit). The controller reads the worker's RSS from /proc/PID/status;
where /proc or xdist's internals are missing, nothing is recycled (the plain scheduler).

The two hooks below are what a conftest imports (tests/conftest.py, and the small project of
tests/test_worker_recycling58.py) beside calling ``add_option`` from its ``pytest_addoption``.
"""
import os

import pytest

DEFAULT_LIMIT_MB = 4000   # one file adds at most ~0.8 GB (stop 57: test_jit_failed_cache56 814 MB): peak ~4.8 GB


def add_option(parser):
    parser.addoption("--worker-rss-limit", type=int, default=DEFAULT_LIMIT_MB, metavar="MB",
                     help="with pytest-xdist (--dist loadfile, the suite's default), a worker whose "
                          "resident memory passes MB finishes its test file and is replaced by a fresh "
                          "one (numba never frees compiled code; tests/worker_recycling.py); 0: never")


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """xdist's ``loadfile`` with workers replaced past ``--worker-rss-limit``."""
    return make_scheduler(config, log)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """A replaced worker's process ends as soon as it has finished."""
    if error is None:
        release(node)


def make_scheduler(config, log):
    """A recycling ``loadfile`` scheduler, or None (xdist then makes its own)."""
    limit = config.getoption("--worker-rss-limit")
    dsession = config.pluginmanager.getplugin("dsession")
    if (config.getvalue("dist") != "loadfile" or not limit or not os.path.isdir("/proc/self")
            or dsession is None or not _has_internals(dsession)):
        return None
    from xdist.scheduler import LoadFileScheduling

    class RecyclingLoadFile(LoadFileScheduling):
        def _reschedule(self, node):
            if node not in self.registered_collections:
                return      # a new worker still collecting: scheduled when its collection finishes
            if (self.workqueue and not node.shutting_down and not dsession.shuttingdown
                    and getattr(node, "_s2sad_ran", False)    # a worker replaced has run a test: with a limit
                    and self._pending_of(self.assigned_work[node]) <= 2    # under a fresh one's, no loop
                    and worker_rss_mb(node) > limit):
                node.shutdown()
                replace(dsession, node)
                return
            super()._reschedule(node)

        def mark_test_complete(self, node, item_index, duration=0):
            node._s2sad_ran = True
            super().mark_test_complete(node, item_index, duration)

    scheduler = RecyclingLoadFile(config, log)
    used = ("registered_collections", "assigned_work", "workqueue", "_pending_of", "_reschedule",
            "mark_test_complete")
    return scheduler if all(hasattr(scheduler, name) for name in used) else None


def _has_internals(dsession):
    """What ``replace`` uses of xdist's DSession (present in pytest-xdist 3.x)."""
    return all(hasattr(dsession, name) for name in ("nodemanager", "queue", "_active_nodes"))


def worker_rss_mb(node):
    """The worker process's resident memory in MB (0 when it cannot be read)."""
    try:
        pid = node.gateway._rinfo().pid      # cached by xdist when it set the worker up
        with open(f"/proc/{pid}/status") as status:
            return next((int(line.split()[1]) // 1024 for line in status if line.startswith("VmRSS")), 0)
    except (OSError, AttributeError, ValueError):
        return 0


def replace(dsession, node):
    """Start a worker like ``node`` (a fresh spec: the old node's stays its own until it ends),
    as xdist's DSession._clone_node does for a crashed worker."""
    import execnet
    node._s2sad_replaced = True      # its process ends when it reports its session finished: release()
    spec = execnet.XSpec(str(node.gateway.spec))
    spec.id = None
    dsession.nodemanager.group.allocate_id(spec)
    clone = dsession.nodemanager.setup_node(spec, dsession.queue.put)
    dsession._active_nodes.add(clone)
    dsession.report_line(f"[{node.gateway.id}] {worker_rss_mb(node)} MB resident: "
                         f"replaced by {clone.gateway.id} after its current file")
    return clone


RELEASED = []     # (worker id, pid) of the replaced workers whose process release() ended


def release(node):
    """End a replaced worker's process once it has finished its session (xdist's
    ``pytest_testnodedown`` with no error). xdist itself exits a finished worker's gateway only
    when the whole run ends (``teardown_nodes``): without this, every replaced worker stayed alive
    with its memory until then (seen: four idle 4 GB workers beside the two working ones, the
    machine's free memory at 0). ``ensure_teardown`` is xdist's own: it closes the channel and
    exits the gateway; the node is already marked down, so the closing is no error."""
    if getattr(node, "_s2sad_replaced", False):
        try:
            pid = node.gateway._rinfo().pid         # cached when xdist set the worker up
            node.ensure_teardown()
        except Exception:       # noqa: BLE001 -- not ended here: xdist ends it with the run, as without recycling
            return
        RELEASED.append((node.gateway.id, pid))

