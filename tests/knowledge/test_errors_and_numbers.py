"""Broken data versus wrong input, and the one number parser of GUI fields and CLI flags."""

from __future__ import annotations

import math

import pytest
from sagewise.knowledge.catalog import load_catalog_from
from sagewise.knowledge.cli import main
from sagewise.knowledge.decision import load_decision, validate_answers
from sagewise.knowledge.errors import DataError, InputError, KnowledgeError
from sagewise.knowledge.numbers import parse_number


def test_a_broken_knowledge_file_is_a_data_error_naming_file_entry_field(resources_copy):
    f = resources_copy / "algorithms" / "kmeans.toml"
    f.write_text(f.read_text().replace('multi_gpu = false', 'multi_gpu = "no"', 1))
    with pytest.raises(DataError) as info:
        load_catalog_from(resources_copy)
    err = info.value
    assert isinstance(err, KnowledgeError) and not isinstance(err, InputError)
    assert (err.file, err.entry, err.field) == ("algorithms/kmeans.toml", "kmeans",
                                                "instances.multi_gpu")
    assert "algorithms/kmeans.toml" in str(err) and "multi_gpu" in str(err)


def test_bad_toml_syntax_is_a_data_error(resources_copy):
    (resources_copy / "algorithms" / "pca.toml").write_text("id = [unclosed")
    with pytest.raises(DataError, match="pca.toml: not valid TOML"):
        load_catalog_from(resources_copy)


def test_unknown_answers_are_input_errors():
    with pytest.raises(InputError) as info:
        validate_answers(load_decision(), {"no_such_question": "x"})
    assert info.value.field == "answers" and isinstance(info.value, KnowledgeError)


@pytest.mark.parametrize(("text", "value"), [
    ("2000", 2000.0), ("2,000", 2000.0), ("1,234,567.5", 1234567.5), (" 1_000 ", 1000.0),
    ("2 000", 2000.0), ("1.5e6", 1.5e6), ("+3", 3.0), ("-0.5", -0.5), (7, 7.0), (0.25, 0.25),
])
def test_parse_number_accepts_what_people_type(text, value):
    assert parse_number(text, "f") == value


@pytest.mark.parametrize("text", ["1,5", "12,34", "abc", "nan", "inf", "-inf", "1e999",
                                  "1,,000", True, math.nan])
def test_parse_number_rejects_with_the_field_named(text):
    with pytest.raises(InputError) as info:
        parse_number(text, "dataset_gb")
    assert info.value.field == "dataset_gb" and info.value.detail


def test_parse_number_empty():
    assert parse_number("  ", "f") is None
    with pytest.raises(InputError, match="empty"):
        parse_number("", "f", allow_empty=False)


@pytest.mark.parametrize(("text", "ok"), [("2,000", True), ("1,5", False), ("nan", False)])
def test_cli_flags_and_gui_fields_read_numbers_alike(capsys, text, ok):
    code = None
    try:
        code = main(["size", "kinesis", "--record-kb", "1", "--records-per-second", text,
                     "--json"])
    except SystemExit as exc:
        code = exc.code
    try:
        parse_number(text, "records_per_second")
        gui_ok = True
    except InputError:
        gui_ok = False
    assert (code == 0) is ok is gui_ok
    capsys.readouterr()
