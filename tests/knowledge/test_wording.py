"""Counts read as "1 epoch" / "5 epochs", never "5 epoch(s)", in every text the engine writes."""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

from sagewise.knowledge.sizing import report
from sagewise.knowledge.sizing.scaling import scale
from sagewise.knowledge.wording import count

KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"


def test_count_picks_singular_or_plural():
    assert count(1, "epoch") == "1 epoch"
    assert count(5, "epoch") == "5 epochs"
    assert count(0, "gap") == "0 gaps"
    assert count(2.5, "epoch") == "2.5 epochs"
    assert count(1_500, "row") == "1,500 rows"
    assert count(-1, "shard", shown="-1") == "-1 shard"
    assert count(3, "child", "children") == "3 children"


def test_batch_and_lr_result_says_epochs_not_epoch_s():
    r = scale(base_lr=0.1, base_batch=256, per_device_batch=32, devices=8, instances=4)
    text = report.scaling_markdown(r, 0.1)
    assert "(s)" not in text
    assert re.search(r"Warmup: [\d.]+ epochs?,", text)


def test_no_maybe_plural_strings_in_the_engine():
    """A bracketed plural reads like a form letter: the engine uses wording.count."""
    offenders = []
    for path in KNOWLEDGE.rglob("*.py"):
        tokens = tokenize.generate_tokens(io.StringIO(path.read_text()).readline)
        for tok in tokens:
            if tok.type == tokenize.STRING and re.search(r"[a-z](?<!len)\(s\)", tok.string):
                offenders.append(f"{path.name}:{tok.start[0]}: {tok.string[:80]}")
    assert not offenders, "\n".join(offenders)


def test_instance_summary_is_a_sentence_not_a_checklist():
    from sagewise.knowledge.sizing.instances import recommend_instances

    text = report.instances_markdown(recommend_instances(algorithm="xgboost"))
    assert "multi-instance yes" not in text and "multi-instance no" not in text
    assert "training can spread over several instances" in text
    text = report.instances_markdown(recommend_instances(algorithm="seq2seq"))
    assert "training cannot spread over several instances" in text


def test_algorithm_card_does_not_repeat_its_name_as_subtitle():
    from sagewise.knowledge.cards import algorithm_markdown
    from sagewise.knowledge.catalog import load_catalog

    catalog = load_catalog()
    for algo in catalog.algorithms.values():
        lines = algorithm_markdown(algo, catalog).splitlines()
        assert lines[0] == f"# {algo.name}"
        assert lines[1].strip("*") != algo.name, algo.id
    assert "*SageMaker built-in algorithm*" in algorithm_markdown(
        catalog.algorithms["xgboost"], catalog)
