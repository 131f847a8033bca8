"""Where the API listens, and a loud warning at start when that reaches beyond this machine while
no API key is configured.

The app is not told its address: uvicorn binds after the app has started. So this reads what
uvicorn was asked on its command line (`uvicorn api.main:app --host 0.0.0.0`, as in every deploy
file here, or `python -m uvicorn`), or UVICORN_HOST, or uvicorn's own default, 127.0.0.1. Started
any other way (a test harness, another server), nothing is said.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import sys
from collections.abc import Mapping, Sequence

from shared.settings import Settings

log = logging.getLogger("bta.api")

UVICORN_DEFAULT_HOST = "127.0.0.1"


def bind_host(argv: Sequence[str] = sys.argv, environ: Mapping[str, str] = os.environ) -> str | None:
    """The --host given to uvicorn's command line, or None when not started through it
    (or listening on a Unix socket or an inherited file descriptor, which are local matters)."""
    if not argv or not (os.path.basename(argv[0]) == "uvicorn" or argv[0].endswith(os.path.join("uvicorn", "__main__.py"))):
        return None
    host = environ.get("UVICORN_HOST") or UVICORN_DEFAULT_HOST
    for i, arg in enumerate(argv):
        if arg in ("--uds", "--fd") or arg.startswith(("--uds=", "--fd=")):
            return None
        if arg == "--host" and i + 1 < len(argv):
            host = argv[i + 1]
        elif arg.startswith("--host="):
            host = arg.split("=", 1)[1]
    return host


def is_local(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a name other than localhost, or anything unclear: assume it is reachable


def warn_if_exposed(settings: Settings, host: str | None) -> bool:
    """Log the warning when `host` reaches other machines and no key is set; True when it did."""
    if host is None or is_local(host) or settings.auth_enabled:
        return False
    log.warning(
        "SECURITY: listening on %s with no API_KEYS: anyone who can reach this port can submit reports, and "
        "read a result by its job id. Set API_KEYS and ADMIN_API_KEYS (README, Security), or listen on "
        "127.0.0.1 only (make run's default). The operator view and endpoints stay limited to this machine.",
        host,
    )
    return True
