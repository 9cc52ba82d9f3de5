"""``python -m knowledge``: see knowledge.cli."""

import sys

try:
    from knowledge.cli import main

    code = main()
except KeyboardInterrupt:  # Ctrl-C while the modules load (main handles it afterwards)
    sys.stderr.write("python -m knowledge: interrupted (Ctrl-C); nothing was written\n")
    code = 130
sys.exit(code)
