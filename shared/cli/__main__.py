"""`python -m shared.cli`: the same as the `bta` command."""

import sys

from shared.cli.commands import main

sys.exit(main())
