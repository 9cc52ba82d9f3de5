"""The check that runs before Qt loads: missing X11 libraries and a missing display."""

from __future__ import annotations

from pathlib import Path

from sagewise.gui import system_libs

LDD = """\
\tlinux-vdso.so.1 (0x00007ffd)
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-icccm.so.4 => not found
\tlibfoo.so.9 => not found
"""


def test_parse_ldd_lists_each_missing_library_once_in_order():
    assert system_libs.parse_ldd(LDD) == ("libxcb-icccm.so.4", "libxcb-keysyms.so.1",
                                          "libfoo.so.9")
    assert system_libs.parse_ldd("\tlibc.so.6 => /lib/libc.so.6 (0x1)\n") == ()


def test_message_names_the_packages_and_one_command_per_distribution():
    msg = system_libs.Missing(("libxcb-icccm.so.4", "libxcb-keysyms.so.1")).message()
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1" in msg
    assert "sudo dnf install xcb-util-keysyms xcb-util-wm" in msg
    assert "libxcb-icccm.so.4" in msg


def test_unknown_library_is_named_as_it_is():
    missing = system_libs.Missing(("libfoo.so.9",))
    assert missing.debian == ["libfoo.so.9"] and missing.fedora == ["libfoo.so.9"]


def test_xcb_is_used_only_on_linux_x11():
    assert system_libs.uses_xcb({}, "linux")
    assert system_libs.uses_xcb({"QT_QPA_PLATFORM": "xcb"}, "linux")
    assert not system_libs.uses_xcb({"QT_QPA_PLATFORM": "offscreen"}, "linux")
    assert not system_libs.uses_xcb({"QT_QPA_PLATFORM": "wayland"}, "linux")
    assert not system_libs.uses_xcb({"WAYLAND_DISPLAY": "wayland-0",
                                     "XDG_SESSION_TYPE": "wayland"}, "linux")
    assert not system_libs.uses_xcb({}, "darwin")
    assert not system_libs.uses_xcb({}, "win32")


def test_check_reports_missing_libraries_before_the_display(monkeypatch, tmp_path):
    plugin = tmp_path / "libqxcb.so"
    plugin.write_bytes(b"")
    monkeypatch.setattr(system_libs, "xcb_plugin", lambda: plugin)
    monkeypatch.setattr(system_libs, "missing_libraries", lambda p: ("libxcb-icccm.so.4",))
    msg = system_libs.check({"DISPLAY": ":0"})
    assert msg is not None and "libxcb-icccm4" in msg
    monkeypatch.setattr(system_libs, "missing_libraries", lambda p: ())
    assert system_libs.check({"DISPLAY": ":0"}) is None
    assert system_libs.check({}) == system_libs.NO_DISPLAY
    assert system_libs.check({"QT_QPA_PLATFORM": "offscreen"}) is None


def test_missing_libraries_reads_a_real_ldd_listing(tmp_path):
    fake = tmp_path / "ldd"
    fake.write_text("#!/bin/sh\nprintf '\\tlibxcb-keysyms.so.1 => not found\\n'\n")
    fake.chmod(0o755)
    assert system_libs.missing_libraries(Path("/bin/sh"), ldd=str(fake)) == (
        "libxcb-keysyms.so.1",)
    assert system_libs.missing_libraries(Path("/bin/sh"), ldd=str(tmp_path / "none")) == ()
