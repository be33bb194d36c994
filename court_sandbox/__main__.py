"""``python -m court_sandbox ...``: the same as ``kiosk sandbox ...``."""

import sys

from court_sandbox.server import main

sys.exit(main())
