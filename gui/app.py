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
                   help="window size(s) for --screenshot (default 1280x800); with several, "
                        "each size goes to its own subfolder DIR/WxH")
    p.add_argument("--theme", choices=("system", "light", "dark"), default="system",
                   help="colour scheme (default: follow the system)")
    return p.parse_args(argv)


def screenshot_folder_problem(folder: Path) -> str | None:
    """Why PNGs cannot be written into ``folder`` (created if missing), or None."""
    try:
        if folder.exists() and not folder.is_dir():
            return f"{str(folder)[:80]} is a file, not a folder"
        folder.mkdir(parents=True, exist_ok=True)
        import tempfile

        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        return f"cannot write into {str(folder)[:80]}: {exc.strerror or exc}"
    return None


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

        problem = screenshot_folder_problem(Path(args.screenshot))
        if problem:
            sys.stderr.write(f"sagewise: error: argument --screenshot: {problem}\n")
            return 2
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
        except OSError as exc:  # the folder became unwritable, the disk filled up
            sys.stderr.write(f"sagewise: error: argument --screenshot: cannot write "
                             f"{str(getattr(exc, 'filename', '') or args.screenshot)[:80]}: "
                             f"{exc.strerror or exc}\n")
            return 2
        finally:
            window.shutdown()
        for f in files:
            print(f)
        return 0
    window.show()
    return app.exec()
