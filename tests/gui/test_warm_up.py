"""The background import of the plotting libraries."""

from __future__ import annotations

import logging
import sys

from sagewise.gui import warm_up


def test_preload_imports_in_another_thread():
    sys.modules.pop("colorsys", None)
    thread = warm_up.preload(("colorsys",))
    thread.join(30)
    assert not thread.is_alive() and thread.daemon
    assert "colorsys" in sys.modules


def test_a_failed_preload_is_logged_not_raised(caplog):
    with caplog.at_level(logging.ERROR, logger="sagewise"):
        thread = warm_up.preload(("sagewise.no_such_module", "colorsys"))
        thread.join(30)
    assert "background import of sagewise.no_such_module failed" in caplog.text
    assert "colorsys" in sys.modules   # the next module is still imported
