"""A counting semaphore shared by processes: N lock files, a holder owns one (flock).

OCR_CONCURRENCY is per worker process, but its OCR runs in the worker's sandbox processes (or in
its threads without a sandbox): they take a slot here before each page. A slot is an exclusive
flock on one of `count` files in `directory`; the kernel releases it when the holder closes the
file or dies (a sandbox process killed mid-page frees its slot at once). Waiting polls every
POLL seconds: pages take about a second, so the wait costs nothing noticeable. The folder goes
when its worker process exits (atexit), or, if that process was killed, when the next worker
process names its own.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

POLL = 0.05
PREFIX = "bta-ocr-slots-"
_owned: set[str] = set()  # slot folders this process named as its own (removed at exit)


def slot_directory(owner_pid: int | None = None) -> str:
    """The slot files of one worker process (its pid), in the temporary directory. The first time a
    process names its own, it removes the folders of worker processes that are gone (killed before
    they could clean up) and arranges for its own to be removed when it exits."""
    pid = owner_pid or os.getpid()
    path = str(Path(tempfile.gettempdir()) / f"{PREFIX}{pid}")
    if pid == os.getpid() and path not in _owned:
        _owned.add(path)
        remove_orphans()
        atexit.register(_remove_own, path, pid)
    return path


def remove_orphans() -> list[str]:
    """Remove the slot folders whose worker process no longer exists; returns their paths."""
    removed = []
    for folder in Path(tempfile.gettempdir()).glob(f"{PREFIX}*"):
        suffix = folder.name[len(PREFIX):]
        if suffix.isdigit() and not _alive(int(suffix)):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(str(folder))
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def _remove_own(path: str, pid: int) -> None:
    if os.getpid() == pid:  # not in a forked child that inherited the atexit hook
        shutil.rmtree(path, ignore_errors=True)


@contextlib.contextmanager
def hold_slot(directory: str, count: int) -> Iterator[int]:
    """Wait for one of `count` slots under `directory`, hold it for the block; yields its number."""
    Path(directory).mkdir(mode=0o700, parents=True, exist_ok=True)
    fds = [os.open(os.path.join(directory, f"slot-{i}"), os.O_RDWR | os.O_CREAT, 0o600) for i in range(count)]
    held = -1
    try:
        while held < 0:
            for i, fd in enumerate(fds):
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue
                held = i
                break
            else:
                time.sleep(POLL)
        yield held
    finally:
        for fd in fds:
            os.close(fd)  # closing releases the flock
