"""Entry point of the PyInstaller bundle: the same `main` as the `sagewise` command."""

import sys

from sagewise.gui.app import main

if __name__ == "__main__":
    sys.exit(main())
