"""``python -m knowledge``: see knowledge.cli."""

import sys

from knowledge.cli import main

sys.exit(main())
