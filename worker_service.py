"""Worker service: `python worker_service.py` (see shared/worker/service.py)."""

import sys

from shared.worker.service import main

if __name__ == "__main__":
    sys.exit(main())
