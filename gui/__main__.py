"""``python -m gui``: start SageWise (see gui.app)."""

import sys

from gui.app import main

sys.exit(main())
