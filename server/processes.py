"""Children that die with their parent, so that no process of the service outlives it."""
from __future__ import annotations

import ctypes
import logging
import os
import signal
import sys

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def die_with_parent(parent_pid: int, sig: int = signal.SIGKILL) -> None:
    """Have the kernel send this process `sig` when its parent dies, and exit now if it already has.

    Called in a child right after fork. `run` asks for SIGTERM, so that its Redis servers flush
    their append-only file and its workers stop in order; a worker asks for SIGKILL for its work
    horses and RQ scheduler, which must not run on as orphans: a horse holds ~1.2 GiB of models
    and would write a result for a job RQ has since counted as abandoned, and an orphaned
    scheduler keeps renewing its lock so that the restarted worker's scheduler never gets it.
    """
    if not sys.platform.startswith("linux"):
        return  # PR_SET_PDEATHSIG is Linux-only; elsewhere an orphaned child runs on
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, sig) != 0:
        logging.getLogger(__name__).warning("prctl(PR_SET_PDEATHSIG) failed: %s", os.strerror(ctypes.get_errno()))
    # The parent may have died between fork() and prctl(): then no signal will ever come.
    if os.getppid() != parent_pid:
        os._exit(1)
