"""Every reader of a user file meets the same malformed files with one short message.

Readers: the k-means CSV (demo kmeans --data / --init-centers), grid layouts
(demo qlearning --layout), answers files (recommend --answers), session files and the
SPICE file check (size spice --file). Files: binary content after valid text, JSON nested
100,000 deep or holding a 10,000-digit number, names over 255 characters, unreadable
files, folders. On the command line each is exit 2 with one line naming the flag.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sagewise.knowledge.cli import main
from sagewise.knowledge.errors import InputError, KnowledgeError
from sagewise.knowledge.session import load_session
from sagewise.knowledge.sim.gridworld import load_layout
from sagewise.knowledge.sim.points import load_points
from sagewise.knowledge.sizing.spice_file import measure_file

CSV_HEAD = "x,y\n" + "".join(f"{i},{i % 7}\n" for i in range(20_000))  # ~150 KB


def run(capsys, *argv):
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def one_line(code, err, flag):
    assert code == 2, err
    assert err.count("\n") == 1 and flag in err, err
    assert "Traceback" not in err and len(err) < 300, err


# ---------------------------------------------------------------- binary after valid text


def csv_then_nul(tmp_path, tail=4_000_000, name="data.csv") -> Path:
    """Valid CSV well past any sniffed head, then NUL bytes (sparse when large)."""
    f = tmp_path / name
    with f.open("wb") as fh:
        fh.write(CSV_HEAD.encode())
        fh.truncate(len(CSV_HEAD) + tail)
    return f


def test_kmeans_csv_with_nul_bytes_after_the_first_blocks_is_binary(tmp_path):
    with pytest.raises(InputError, match="not a text file") as info:
        load_points(csv_then_nul(tmp_path))
    assert len(str(info.value)) < 200


def test_spice_check_refuses_csv_followed_by_nul_bytes_instead_of_saying_fits(tmp_path,
                                                                               capsys):
    f = csv_then_nul(tmp_path)
    with pytest.raises(KnowledgeError, match="not a text file"):
        measure_file(f)
    code, out, err = run(capsys, "size", "spice", "--edition", "enterprise", "--file",
                         str(f), "--json")
    one_line(code, err, "--file")
    assert "fits" not in out


def test_a_kmeans_text_cell_is_quoted_by_its_prefix_only(tmp_path):
    f = tmp_path / "p.csv"
    f.write_text("1,2\n3," + "z" * 100_000 + "\n")
    with pytest.raises(InputError, match="row 2, column 2") as info:
        load_points(f)
    assert len(str(info.value)) < 200


def test_kmeans_csv_rows_keep_their_numbers_across_blocks(tmp_path, monkeypatch):
    import sagewise.knowledge.bounded_read as br

    monkeypatch.setattr(br, "BLOCK_BYTES", 64)
    f = tmp_path / "p.csv"
    f.write_text("a,b\n" + "".join(f"{i},{i}\n" for i in range(100)) + "5,x\n")
    with pytest.raises(InputError, match="row 102, column 2"):
        load_points(f)
    f.write_text("a,b\n" + "".join(f"{i},{i}\n" for i in range(100)))
    points = load_points(f)
    assert points.shape == (100, 2) and points[-1].tolist() == [99, 99]


def test_a_huge_line_is_refused_without_reading_it_whole(tmp_path):
    f = tmp_path / "p.csv"
    f.write_text("1,2\n" + "3" * 3_000_000 + "\n")
    with pytest.raises(InputError, match="line longer than"):
        load_points(f)


def test_too_many_numbers_are_refused(tmp_path, monkeypatch):
    from sagewise.knowledge.sim import points

    monkeypatch.setattr(points, "MAX_VALUES", 100)
    f = tmp_path / "p.csv"
    f.write_text("".join(f"{i},{i}\n" for i in range(60)))
    with pytest.raises(InputError, match="more than 100 numbers"):
        load_points(f)


# ---------------------------------------------------------------- JSON files

DEEP = "[" * 100_000 + "]" * 100_000
BIG_NUMBER = '{"x": ' + "9" * 10_000 + "}"


@pytest.mark.parametrize("content", [DEEP, BIG_NUMBER, '{"x": NaN}', '{"x": 1e999}',
                                     '[' * 100 + ']' * 100])
@pytest.mark.parametrize("reader", [load_layout, load_session])
def test_json_readers_refuse_deep_nesting_and_unrepresentable_numbers(tmp_path, reader,
                                                                       content):
    f = tmp_path / "f.json"
    f.write_text(content)
    with pytest.raises(KnowledgeError) as info:
        reader(f)
    assert len(str(info.value)) < 200


@pytest.mark.parametrize("content", [DEEP, BIG_NUMBER, '{"x": Infinity}'])
def test_answers_file_problems_are_one_line_naming_the_flag(tmp_path, capsys, content):
    f = tmp_path / "a.json"
    f.write_text(content)
    code, _, err = run(capsys, "recommend", "--answers", str(f), "--json")
    one_line(code, err, "--answers")


@pytest.mark.parametrize("content", [DEEP, BIG_NUMBER])
def test_layout_file_problems_are_one_line_naming_the_flag(tmp_path, capsys, content):
    f = tmp_path / "l.json"
    f.write_text(content)
    code, _, err = run(capsys, "demo", "qlearning", "--layout", str(f), "--json")
    one_line(code, err, "--layout")


def _layout(**changes) -> str:
    from sagewise.knowledge.sim.gridworld import GridWorld

    d = json.loads(GridWorld(rows=("S..", "..G")).to_json())
    d.update(changes)
    return json.dumps(d)


@pytest.mark.parametrize(("text", "field"), [
    (_layout().replace('"goal_reward": 0.0', '"goal_reward": NaN'), "goal_reward"),
    (_layout().replace('"step_reward": -1.0', '"step_reward": Infinity'), "step_reward"),
    (_layout(pit_reward=1e308), "pit_reward"),
    (_layout(gamma=1e308), "gamma"),
    (_layout(gamma=-0.5), "gamma"),
    (_layout(slip=2), "slip"),
    (_layout(max_steps=0), "max_steps"),
    (_layout(rows={"a": 1}), "rows"),
    (_layout(description=["x"]), "description"),
])
def test_layout_values_out_of_range_name_the_layout_field_not_a_flag(tmp_path, capsys,
                                                                      text, field):
    f = tmp_path / "l.json"
    f.write_text(text)
    code, _, err = run(capsys, "demo", "qlearning", "--layout", str(f), "--json")
    one_line(code, err, "--layout")
    assert field in err or "Infinity" in err or "NaN" in err
    assert f"--{field.replace('_', '-')}" not in err


def test_layout_file_over_the_size_cap_is_refused_without_reading(tmp_path):
    f = tmp_path / "big.json"
    with f.open("wb") as fh:
        fh.truncate(2 * 1024**3)
    with pytest.raises(InputError, match="too large"):
        load_layout(f)


# ---------------------------------------------------------------- paths


READERS = [
    ("demo", "kmeans", "--k", "2", "--data"),
    ("demo", "qlearning", "--layout"),
    ("recommend", "--answers"),
    ("size", "spice", "--edition", "standard", "--file"),
]


@pytest.mark.parametrize("argv", READERS, ids=lambda a: a[-1])
@pytest.mark.parametrize("kind", ["long name", "folder", "missing", "unreadable", "device"])
def test_bad_paths_are_one_line_naming_the_flag(tmp_path, capsys, monkeypatch, argv, kind):
    if kind == "long name":
        path = str(tmp_path / ("x" * 300 + ".csv"))
    elif kind == "folder":
        path = str(tmp_path)
    elif kind == "missing":
        path = str(tmp_path / "nope.csv")
    elif kind == "device":
        path = "/dev/zero"
    else:  # tests run as root, where chmod 000 still reads: simulate the refusal
        f = tmp_path / "locked.csv"
        f.write_text("1,2\n3,4\n")
        path = str(f)
        real_open = Path.open

        def refuse(self, *args, **kwargs):
            if self.name == "locked.csv":
                raise PermissionError(13, "Permission denied")
            return real_open(self, *args, **kwargs)
        monkeypatch.setattr(Path, "open", refuse)
    code, _, err = run(capsys, *argv, path, "--json")
    one_line(code, err, argv[-1])


@pytest.mark.parametrize("kind", ["long name", "folder", "unreadable"])
def test_session_paths_get_a_message(tmp_path, monkeypatch, kind):
    if kind == "long name":
        path = tmp_path / ("s" * 300 + ".json")
    elif kind == "folder":
        path = tmp_path
    else:
        path = tmp_path / "s.json"
        path.write_text("{}")
        monkeypatch.setattr(Path, "open", lambda *a, **k: (_ for _ in ()).throw(
            PermissionError(13, "Permission denied")))
    with pytest.raises(KnowledgeError):
        load_session(path)


# ---------------------------------------------------------------- Parquet


@pytest.mark.parametrize("column", [[[1, 2], [3]], [{"a": 1}, {"a": 2}]], ids=["list", "struct"])
def test_nested_parquet_columns_get_a_message(tmp_path, capsys, column):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    f = tmp_path / "n.parquet"
    pq.write_table(pa.table({"id": [1, 2], "nested": column}), f)
    with pytest.raises(KnowledgeError, match="nested"):
        measure_file(f)
    code, _, err = run(capsys, "size", "spice", "--edition", "standard", "--file", str(f))
    one_line(code, err, "--file")


# ---------------------------------------------------------------- memory


READER_CALLS = {
    "kmeans csv": "from knowledge.sim.points import load_points as r",
    "spice check": "from knowledge.sizing.spice_file import measure_file as r",
    "layout": "from knowledge.sim.gridworld import load_layout as r",
    "session": "from knowledge.session import load_session as r",
    "answers": "from knowledge.cli.recommend import _read_answers as r",
}


@pytest.mark.parametrize("reader", sorted(READER_CALLS))
def test_a_2_gb_malformed_file_is_refused_in_under_500_mib(tmp_path, reader):
    """Peak RSS of a fresh interpreter reading 1.9 GB of NULs after valid CSV (sparse, so
    cheap to make; binary content is detected in the first blocks, so this runs in a
    second)."""
    from bench.malformed_memory import peak_rss_mib

    f = csv_then_nul(tmp_path, tail=1_900_000_000 - len(CSV_HEAD))
    peak, message = peak_rss_mib(READER_CALLS[reader], f)
    assert peak < 500, (peak, message)
    assert message and len(message) < 300, message
