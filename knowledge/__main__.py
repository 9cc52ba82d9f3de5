"""``python -m knowledge`` (from a checkout, and ``python -m sagewise.knowledge`` when
installed): see knowledge.cli."""

import sys

try:
    from sagewise.knowledge.cli import main

    code = main()
except KeyboardInterrupt:  # Ctrl-C while the modules load (main handles it afterwards)
    sys.stderr.write("python -m knowledge: interrupted (Ctrl-C); nothing was written\n")
    code = 130
sys.exit(code)
