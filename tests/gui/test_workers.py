"""Background jobs: an unexpected error reaches the user as one line and keeps its
traceback (logged, and on the job) instead of losing it."""

from __future__ import annotations

import logging

from sagewise.gui.workers import Job
from sagewise.knowledge.errors import Cancelled, InputError


class Receiver:
    def __init__(self) -> None:
        self.failed: list[str] = []

    def on_failed(self, message: str) -> None:
        self.failed.append(message)


def _buggy(progress, cancelled):
    return {}["missing"]  # a bug, not bad input


def test_an_unexpected_error_keeps_and_logs_its_traceback(qtbot, caplog):
    job = Job(_buggy, Cancelled, (InputError,))
    with caplog.at_level(logging.ERROR, logger="sagewise.gui.workers"), \
            qtbot.waitSignal(job.sig_failed, timeout=5000) as blocker:
        job.start()
    message = blocker.args[0]
    assert message.startswith("Unexpected error: KeyError") and "\n" not in message
    assert "Traceback" in job.traceback_text and "_buggy" in job.traceback_text
    assert any("_buggy" in r.getMessage() for r in caplog.records)
    job.thread.wait(2000)


def test_an_expected_error_is_just_its_message(qtbot):
    def bad(progress, cancelled):
        raise InputError("k", "must be at least 1")

    job = Job(bad, Cancelled, (InputError,))
    with qtbot.waitSignal(job.sig_failed, timeout=5000) as blocker:
        job.start()
    assert blocker.args[0] == "k: must be at least 1" and job.traceback_text == ""
    job.thread.wait(2000)
