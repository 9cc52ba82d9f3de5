"""SageWise: the installed package that ``gui/``, ``knowledge/`` and ``resources/`` map into.

An installed copy holds ``sagewise.gui``, ``sagewise.knowledge`` and ``sagewise.resources``
(so the generic names ``gui`` and ``knowledge`` never collide with other distributions).
In a source checkout those three folders sit beside this one; the path is extended to
the checkout's root so the same imports work there without installing.
"""

from __future__ import annotations

from pathlib import Path

_checkout = Path(__file__).resolve().parent.parent
if (_checkout / "knowledge" / "__init__.py").is_file() and (_checkout / "pyproject.toml").is_file():
    __path__.append(str(_checkout))  # noqa: F821 - a package's __path__ exists
