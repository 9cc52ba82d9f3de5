"""``python -m gui`` (from a checkout): start SageWise (see gui.app)."""

import sys

from sagewise.gui.app import main

sys.exit(main())
