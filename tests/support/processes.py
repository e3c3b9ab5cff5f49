"""Finding and waiting for the processes a PaperGist process starts."""
from __future__ import annotations

import os

import psutil


def work_horse(worker: psutil.Process) -> psutil.Process | None:
    """The worker's child that leads its own process group: RQ's fork_work_horse calls setpgrp()."""
    for child in worker.children():
        try:
            if os.getpgid(child.pid) == child.pid:
                return child
        except ProcessLookupError:
            pass
    return None


def is_gone(process: psutil.Process) -> bool:
    try:
        return process.status() == psutil.STATUS_ZOMBIE  # dead, waiting for its parent to reap it
    except psutil.NoSuchProcess:
        return True
