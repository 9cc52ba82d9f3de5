"""``python -m gui --screenshot`` into a file or an unwritable folder: one line, exit 2.

Both are refused before Qt starts, so these run in-process without a window. Tests run as
root, where chmod 000 does not stop writes: the unwritable folder is simulated.
"""

from __future__ import annotations

import tempfile

from sagewise.gui.app import main


def test_screenshot_into_a_file_is_one_line_and_exit_2(tmp_path, capsys):
    target = tmp_path / "shot.png"
    target.write_bytes(b"x")
    assert main(["--screenshot", str(target)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--screenshot" in err and "not a folder" in err


def test_screenshot_into_a_folder_below_a_file_is_one_line_and_exit_2(tmp_path, capsys):
    target = tmp_path / "shot.png"
    target.write_bytes(b"x")
    assert main(["--screenshot", str(target / "pages")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--screenshot" in err


def test_screenshot_into_an_unwritable_folder_is_one_line_and_exit_2(tmp_path, capsys,
                                                                    monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "TemporaryFile", refuse)
    assert main(["--screenshot", str(tmp_path / "shots")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Permission denied" in err
