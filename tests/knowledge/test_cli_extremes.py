"""Property tests: every numeric flag of every command, driven with extreme values.

Whatever the values (zero, negatives, NaN, infinities, 1e308, subnormals, huge integers,
text), a command exits 0 with one valid JSON object (never NaN or Infinity) or exits 2 with
exactly one line on stderr; never a traceback. Commands run in-process, and the demos' time
budget is lowered so that a run the real budget allows but that would take seconds is
refused instead (the refusal path is what a huge value exercises anyway).
SAGEWISE_EXAMPLES=800 runs a longer search (about five minutes) than the default 100.
"""

from __future__ import annotations

import argparse
import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sagewise.knowledge import cli
from sagewise.knowledge.sim import budget

# A valid command line per command (several where flags exclude each other); a drawn flag
# replaces the base's value or is added to it.
BASES: dict[tuple[str, ...], list[list[str]]] = {
    ("size", "kinesis"): [["--record-kb", "1", "--records-per-second", "100"],
                          ["--write-mb-per-second", "1", "--records-per-second", "100"]],
    ("size", "spice"): [["--edition", "standard", "--rows", "1000"]],
    ("size", "scaling"): [["--base-lr", "0.1", "--base-batch", "256", "--new-batch", "512"],
                          ["--base-lr", "0.1", "--base-batch", "256", "--per-device-batch",
                           "32", "--devices", "8", "--instances", "2"]],
    ("size", "endpoint"): [["--max-rps", "10", "--peak-rps", "100"]],
    ("size", "hyperparams"): [["--unique-entities", "1000"], ["--anomaly-ratio", "0.01"],
                              ["--negatives", "900", "--positives", "100"]],
    ("size", "instances"): [["--algorithm", "xgboost", "--dataset-gb", "10"]],
    ("demo", "kmeans"): [["--points", "200", "--k", "3"],
                         ["--points", "200", "--elbow", "1..4"],
                         ["--points", "200", "--k", "3", "--mode", "minibatch",
                          "--mini-batch-size", "50", "--batches", "5"],
                         ["--points", "200", "--k", "3", "--mode", "sagemaker",
                          "--extra-center-factor", "2", "--mini-batch-size", "50",
                          "--batches", "5"]],
    ("demo", "qlearning"): [["--env", "cliff", "--episodes", "20"]],
    ("demo", "values"): [["--env", "bookgrid", "--iterations", "5", "--noise", "0.2",
                          "--living-reward", "0", "--gamma", "0.9"],
                         ["--env", "bookgrid", "--method", "policy-iteration"]],
    ("confusion",): [["--tp", "5", "--fp", "3", "--fn", "2", "--tn", "90"]],
}
NUMERIC_WITHOUT_TYPE = {"--tp", "--fp", "--fn", "--tn", "--elbow"}

EXTREMES = ["0", "-0", "-1", "1", "0.5", "2", "3", "nan", "NaN", "inf", "-inf", "Infinity",
            "1e308", "-1e308", "1.8e308", "5e-324", "-5e-324", "1e-320", "1e6", "1e15",
            "9" * 40, "-" + "9" * 25, str(2**63), str(2**64 + 1), "abc", "", " ", "0x10",
            "1_000", "1..0", "0..0", "1..99999", "-3..2", "1..1e308", "\u0661", "1" * 5000]
values = st.one_of(st.sampled_from(EXTREMES),
                   st.floats(allow_nan=True, allow_infinity=True).map(repr),
                   st.integers(min_value=-10**6, max_value=10**6).map(str))


def _leaf_parsers() -> dict[tuple[str, ...], argparse.ArgumentParser]:
    """Every runnable command, as its path of sub-command names."""
    parser, _ = cli.build_parser()
    out = {}

    def walk(p, path):
        subs = [a for a in p._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs:
            out[path] = p
        for action in subs:
            for name, child in action.choices.items():
                walk(child, (*path, name))
    walk(parser, ())
    return out


def _numeric_flags(p: argparse.ArgumentParser) -> list[str]:
    flags = []
    for a in p._actions:
        if not a.option_strings or a.nargs == 0:
            continue
        flag = a.option_strings[-1]
        if a.type in (int, float) or flag in NUMERIC_WITHOUT_TYPE:
            flags.append(flag)
    return flags


LEAVES = _leaf_parsers()
NUMERIC = {path: _numeric_flags(p) for path, p in LEAVES.items() if _numeric_flags(p)}


def test_every_command_with_numeric_flags_has_a_base_command_line():
    missing = sorted(" ".join(p) for p in set(NUMERIC) - set(BASES))
    assert not missing, (f"add a valid command line for {missing} to BASES in "
                         "tests/knowledge/test_cli_extremes.py, so its numeric flags are "
                         "driven from a command that otherwise succeeds")


def _argv(path, base, changes, as_json) -> list[str]:
    args = list(base)
    for flag, value in changes.items():
        if flag in args:
            i = args.index(flag)
            del args[i:i + 2]
        args.append(f"{flag}={value}")
    return [*path, *args, *(["--json"] if as_json else [])]


def _run(capsys, argv) -> tuple[int, str, str]:
    try:
        code = cli.main(argv)
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def _refuse_constant(name):
    raise AssertionError(f"JSON output holds {name}")


@pytest.fixture
def small_budget(monkeypatch):
    monkeypatch.setattr(budget, "MAX_SECONDS", 0.5)
    monkeypatch.setattr(budget, "MAX_MEMORY_BYTES", 200 * 1024**2)


@pytest.mark.parametrize("path", sorted(NUMERIC), ids=" ".join)
@settings(max_examples=int(os.environ.get("SAGEWISE_EXAMPLES", "100")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_extreme_values_exit_0_with_json_or_2_with_one_line(capsys, small_budget, path, data):
    flags = NUMERIC[path]
    chosen = data.draw(st.lists(st.sampled_from(flags), min_size=1, max_size=3, unique=True))
    bases = [b for b in BASES.get(path, [[]]) if chosen[0] in b] or BASES.get(path, [[]])
    base = data.draw(st.sampled_from(bases))
    changes = {f: data.draw(values, label=f) for f in chosen}
    as_json = data.draw(st.booleans(), label="--json")
    code, out, err = _run(capsys, _argv(path, base, changes, as_json))
    assert "Traceback" not in err
    assert code in (0, 2), (code, err)
    if code == 2:
        assert err.count("\n") == 1 and err.endswith("\n"), err
        assert len(err) < 300, err       # never echoes more than a prefix of the input
        assert out == ""
    else:
        assert err == ""
        if as_json:
            json.loads(out, parse_constant=_refuse_constant)
        assert "nan" not in out.lower().split() and "inf" not in out.lower().split()
