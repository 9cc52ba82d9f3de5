"""pyqtgraph in the current theme's colours: pages with plots import it from here.

pyqtgraph (and numpy under it) costs about a fifth of a second to import, so the window
opens without it and a page with plots brings it in when that page is first built.
"""

from __future__ import annotations

import pyqtgraph as pg
from sagewise.gui import theme

theme.configure_plots(pg)

__all__ = ["pg"]
