"""Application start-up: QApplication, settings identity, --screenshot mode."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Command-line options of the GUI."""
    p = argparse.ArgumentParser(prog="sagewise", description="SageWise desktop application")
    p.add_argument("--screenshot", metavar="DIR",
                   help="render every page to PNG files in DIR (offscreen) and exit")
    p.add_argument("--size", default="1280x800", metavar="WxH[,WxH...]",
                   help="window sizes for --screenshot (default 1280x800); with several, "
                        "each size goes to its own subfolder DIR/WxH")
    p.add_argument("--theme", choices=("system", "light", "dark"), default="system",
                   help="colour scheme (default: follow the system)")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the application; returns the exit code."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        sizes = [tuple(int(v) for v in part.strip().lower().split("x"))
                 for part in args.size.split(",")]
        if any(len(s) != 2 or min(s) < 200 or max(s) > 8000 for s in sizes):
            raise ValueError
    except ValueError:
        sys.stderr.write(f"sagewise: error: argument --size: expected WxH between 200 and "
                         f"8000 pixels (got '{args.size}')\n")
        return 2
    if args.screenshot:
        import os

        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication, QSettings
    from PySide6.QtWidgets import QApplication

    QCoreApplication.setOrganizationName("SageWise")
    QCoreApplication.setApplicationName("SageWise")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from gui import theme

    theme.apply(app, args.theme)

    from gui.main_window import MainWindow

    window = MainWindow(restore=not args.screenshot)
    app.aboutToQuit.connect(window.shutdown)
    if args.screenshot:
        from gui.screenshots import write_screenshots

        files = []
        try:
            for size in sizes:
                folder = Path(args.screenshot)
                if len(sizes) > 1:
                    folder = folder / f"{size[0]}x{size[1]}"
                files += write_screenshots(window, folder, size)
        finally:
            window.shutdown()
        for f, _page in files:
            print(f)
        return 0
    window.show()
    return app.exec()
