"""A counting semaphore shared by processes: N lock files, a holder owns one (flock).

OCR_CONCURRENCY is per worker process, but its OCR runs in the worker's sandbox processes (or in
its threads without a sandbox): they take a slot here before each page. A slot is an exclusive
flock on one of `count` files in `directory`; the kernel releases it when the holder closes the
file or dies (a sandbox process killed mid-page frees its slot at once). Waiting polls every
POLL seconds: pages take about a second, so the wait costs nothing noticeable.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

POLL = 0.05


def slot_directory(owner_pid: int | None = None) -> str:
    """The slot files of one worker process (its pid), in the temporary directory."""
    return str(Path(tempfile.gettempdir()) / f"bta-ocr-slots-{owner_pid or os.getpid()}")


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
