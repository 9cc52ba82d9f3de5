"""Application start-up: QApplication, settings identity, logging, --screenshot/--smoke."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sagewise.knowledge import __version__


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
    p.add_argument("--smoke", action="store_true",
                   help="open the main window, wait for its first paint and exit 0")
    p.add_argument("--debug", action="store_true", help="log to the console too")
    p.add_argument("--version", action="version", version=f"sagewise {__version__}")
    return p.parse_args(argv)


def _wait_for_first_paint(app, window, limit_ms: int = 60_000) -> int:
    """Run the event loop until ``window`` has painted once; 0, or 1 after ``limit_ms``."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class _FirstPaint(QObject):
        painted = False

        def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint and not self.painted:
                self.painted = True
                QTimer.singleShot(0, app.quit)
            return False

    watcher = _FirstPaint()
    window.installEventFilter(watcher)
    QTimer.singleShot(limit_ms, app.quit)
    window.show()
    app.exec()
    window.removeEventFilter(watcher)
    if not watcher.painted:
        sys.stderr.write(f"sagewise: error: no paint within {limit_ms // 1000} s\n")
        return 1
    return 0
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
    from sagewise.gui import system_libs

    problem = system_libs.check()
    if problem is not None:
        sys.stderr.write(problem + "\n")
        return 3
    from PySide6.QtCore import QCoreApplication, QSettings
    from PySide6.QtWidgets import QApplication

    QCoreApplication.setOrganizationName("SageWise")
    QCoreApplication.setApplicationName("SageWise")
    QCoreApplication.setApplicationVersion(__version__)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from sagewise.gui import app_icon, crash, theme

    log_file = crash.setup_logging(debug=args.debug)
    crash.log.info("SageWise %s starting (Python %s)", __version__, sys.version.split()[0])
    reporter = crash.CrashReporter(log_file, app)
    reporter.install()
    app.setWindowIcon(app_icon.app_icon())
    theme.apply(app, args.theme)

    from sagewise.gui.main_window import MainWindow

    window = MainWindow(restore=not (args.screenshot or args.smoke))
    app.aboutToQuit.connect(window.shutdown)
    if args.smoke:
        try:
            return _wait_for_first_paint(app, window)
        finally:
            window.shutdown()
    if args.screenshot:
        from sagewise.gui.screenshots import write_screenshots

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
        for f, _page in files:
            print(f)
        return 0
    window.show()
    from sagewise.gui import warm_up
    from sagewise.gui.idle_pages import IdlePageBuilder

    warm_up.preload_later()
    builder = IdlePageBuilder(window)
    app.aboutToQuit.connect(builder.stop)
    builder.start()
    return app.exec()
