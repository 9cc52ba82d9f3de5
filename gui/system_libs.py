"""Check, before Qt loads, that the system libraries Qt's X11 plugin needs are installed.

Without them Qt aborts inside its xcb plugin with a message that often names the wrong
library. We ask the dynamic linker (``ldd``) which of the plugin's libraries it cannot
find and name the distribution packages that provide them. This module must not import
Qt: it runs before Qt is loaded.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

# soname -> (Debian/Ubuntu package, Fedora package)
PACKAGES: dict[str, tuple[str, str]] = {
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libX11.so.6": ("libx11-6", "libX11"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libGLX.so.0": ("libglx0", "libglvnd-glx"),
    "libOpenGL.so.0": ("libopengl0", "libglvnd-opengl"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2"),
}

DEBIAN_ALL = ("libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 "
              "libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 libegl1 "
              "libgl1 libfontconfig1 libdbus-1-3")
FEDORA_ALL = ("xcb-util-cursor xcb-util-wm xcb-util-image xcb-util-keysyms "
              "xcb-util-renderutil libxkbcommon-x11 libglvnd-egl libglvnd-glx fontconfig "
              "dbus-libs")


@dataclass(frozen=True)
class Missing:
    """Libraries the linker cannot find, and the packages that provide them."""

    sonames: tuple[str, ...]

    @property
    def debian(self) -> list[str]:
        """Debian/Ubuntu package names (unknown sonames are named as they are)."""
        return sorted({PACKAGES.get(s, (s, s))[0] for s in self.sonames})

    @property
    def fedora(self) -> list[str]:
        """Fedora package names (unknown sonames are named as they are)."""
        return sorted({PACKAGES.get(s, (s, s))[1] for s in self.sonames})

    def message(self) -> str:
        """What is missing and the one command that installs it, per distribution."""
        return ("SageWise cannot open a window: Qt's X11 plugin needs system libraries "
                "that are not installed:\n  " + ", ".join(self.sonames) + "\n"
                "Install them with one of:\n"
                f"  Debian/Ubuntu: sudo apt-get install {' '.join(self.debian)}\n"
                f"  Fedora:        sudo dnf install {' '.join(self.fedora)}\n"
                "(or run without a window: QT_QPA_PLATFORM=offscreen, or the command line "
                "`python -m knowledge`).")


def xcb_plugin() -> Path | None:
    """The installed PySide6 xcb platform plugin, or None (not found without importing Qt)."""
    spec = find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    root = Path(next(iter(spec.submodule_search_locations)))
    plugin = root / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    return plugin if plugin.is_file() else None


def missing_libraries(library: Path, ldd: str | None = None) -> tuple[str, ...]:
    """Sonames that ``ldd`` reports as "not found" for ``library`` (recursively), in order."""
    ldd = ldd or shutil.which("ldd")
    if not ldd:
        return ()
    try:
        out = subprocess.run([ldd, str(library)], capture_output=True, text=True,
                             timeout=20, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    return parse_ldd(out)


def parse_ldd(output: str) -> tuple[str, ...]:
    """The "not found" sonames of an ``ldd`` listing, each once, in order."""
    seen: dict[str, None] = {}
    for line in output.splitlines():
        if "not found" in line and "=>" in line:
            seen[line.split("=>", 1)[0].strip()] = None
    return tuple(seen)


def uses_xcb(environ: os._Environ | dict[str, str] | None = None,
             platform: str | None = None) -> bool:
    """Whether Qt will load its xcb plugin in this environment (Linux, X11 session)."""
    env = os.environ if environ is None else environ
    if (platform or sys.platform) != "linux":
        return False
    requested = env.get("QT_QPA_PLATFORM", "").strip().lower()
    if requested:
        return requested.split(":", 1)[0].split(";", 1)[0] == "xcb"
    return not (env.get("WAYLAND_DISPLAY") and env.get("XDG_SESSION_TYPE") == "wayland")


NO_DISPLAY = ("SageWise cannot open a window: no X11 display is set (DISPLAY is empty).\n"
              "Run it from a desktop session, or without a window: "
              "`python -m gui --screenshot DIR`, QT_QPA_PLATFORM=offscreen, or the command "
              "line `python -m knowledge`.")


def check(environ: dict[str, str] | None = None) -> str | None:
    """Why Qt cannot open a window here (missing libraries, no display), or None."""
    env = os.environ if environ is None else environ
    if not uses_xcb(env):
        return None
    plugin = xcb_plugin()
    sonames = missing_libraries(plugin) if plugin is not None else ()
    if sonames:
        return Missing(sonames).message()
    if not env.get("DISPLAY"):
        return NO_DISPLAY
    return None
