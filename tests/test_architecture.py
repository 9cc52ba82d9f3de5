"""knowledge/ must never import Qt: checked statically and at run time."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QT = ("PySide6", "shiboken6", "pyqtgraph", "PyQt5", "PyQt6")


def test_knowledge_sources_do_not_import_qt():
    pattern = re.compile(r"^\s*(from|import)\s+(" + "|".join(QT) + r")\b", re.MULTILINE)
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "knowledge").rglob("*.py")
                 if pattern.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_importing_and_using_knowledge_loads_no_qt():
    code = (
        "import sys, importlib, pkgutil\n"
        "import sagewise.knowledge as knowledge\n"
        "for m in pkgutil.walk_packages(knowledge.__path__, 'sagewise.knowledge.'):\n"
        "    if not m.name.endswith('__main__'): importlib.import_module(m.name)\n"
        "from sagewise.knowledge.cli import main\n"
        "main(['recommend', '--describe', 'group customers by spend', '--json'])\n"
        f"bad = [m for m in sys.modules if m.split('.')[0] in {QT!r}]\n"
        "print('QT_MODULES', bad)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "QT_MODULES []" in out.stdout


def test_gui_does_not_duplicate_knowledge_data():
    """The GUI reads knowledge objects; it never opens resources/ itself."""
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "gui").rglob("*.py")
                 if "resources_dir" in p.read_text(encoding="utf-8")
                 or "tomllib" in p.read_text(encoding="utf-8")]
    assert offenders == []


def test_worker_signals_are_never_connected_to_lambdas():
    """A lambda (or a partial, or a callable passed in) has no receiver: Qt runs it in the
    worker thread, where touching widgets crashes. Only bound methods (self.x) are allowed."""
    pattern = re.compile(r"job\.sig_\w+\.connect\(\s*(?!self\.)")
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "gui").rglob("*.py")
                 if pattern.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_code_imports_the_packages_through_sagewise_only():
    """Installed, gui/ and knowledge/ are sagewise.gui and sagewise.knowledge; a bare
    `import knowledge` would load a second copy of a module (or fail once installed)."""
    pattern = re.compile(r"^\s*(from|import)\s+(knowledge|gui)\b", re.MULTILINE)
    offenders = [str(p.relative_to(ROOT)) for folder in ("gui", "knowledge", "tests", "bench",
                                                          "scripts", "packaging")
                 for p in (ROOT / folder).rglob("*.py")
                 if pattern.search(p.read_text(encoding="utf-8"))]
    assert offenders == []
