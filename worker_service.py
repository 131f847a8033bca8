"""Worker service: `python worker_service.py` runs this service's jobs (shared/handlers.py) with the
worker runtime (shared/worker/service.py)."""

import os
import sys

from shared.handlers import APP
from shared.worker.service import main

if __name__ == "__main__":
    sys.exit(main(APP, entry=os.path.abspath(__file__)))
