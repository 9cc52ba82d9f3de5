"""A broken data file fails at load with a message naming the file, the entry and the field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sagewise.knowledge.catalog import load_catalog_from
from sagewise.knowledge.decision import load_decision_from
from sagewise.knowledge.describe import load_cues_from
from sagewise.knowledge.errors import KnowledgeError
from sagewise.knowledge.instance_types import load_instance_types_from
from sagewise.knowledge.metrics import load_metrics_from
from sagewise.knowledge.troubleshoot import load_troubles_from


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture drift: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _load_all(root: Path) -> None:
    catalog = load_catalog_from(root)
    dd = load_decision_from(root, catalog)
    load_cues_from(root, dd)
    load_metrics_from(root)
    load_troubles_from(root, catalog)
    load_instance_types_from(root)


CASES = [
    ("algorithms/xgboost.toml", 'gpu_training = "optional"', 'gpu_training = "maybe"',
     ["algorithms/xgboost.toml", "entry 'xgboost'", "field 'instances.gpu_training'",
      "must be one of"]),
    ("algorithms/kmeans.toml", 'summary = """', 'sumary = """',
     ["algorithms/kmeans.toml", "entry 'kmeans'", "field 'summary'", "missing"]),
    ("algorithms/lda.toml", 'id = "lda"', 'id = "lda"\ncolour = "blue"',
     ["algorithms/lda.toml", "entry 'lda'", "field 'colour'", "not a known field"]),
    ("algorithms/pca.toml", 'id = "pca"', 'id = "pca2"',
     ["algorithms/pca.toml", "entry 'pca2'", "field 'id'", "file name"]),
    ("algorithms/knn.toml", '{ id = "kmeans", how_to_tell', '{ id = "k-means", how_to_tell',
     ["algorithms/knn.toml", "entry 'knn'", "alternatives[0].id", "unknown id 'k-means'"]),
    ("algorithms/ntm.toml", 'multi_gpu = true', 'multi_gpu = "yes"',
     ["algorithms/ntm.toml", "entry 'ntm'", "field 'instances.multi_gpu'", "true or false"]),
    ("algorithms/seq2seq.toml", 'modes = ["File"], note = "Integer', 'modes = ["Stream"], note = "Integer',
     ["algorithms/seq2seq.toml", "entry 'seq2seq'", "training_input[0].modes[0]"]),
    ("algorithms/deepar.toml", 'id = "deepar"\n', 'id = "deepar\n',
     ["algorithms/deepar.toml", "not valid TOML"]),
    ("services/amazon-lex.toml", 'status = "available"', 'status = "beta"',
     ["services/amazon-lex.toml", "entry 'amazon-lex'", "field 'status'"]),
    ("decision_graph.toml", '{ id = "pca", weight = 0.88 }', '{ id = "pcaa", weight = 0.88 }',
     ["decision_graph.toml", "candidate_set dimensionality_reduction", "members[0].id",
      "unknown algorithm or service 'pcaa'"]),
    ("decision_graph.toml", '{ id = "kmeans", weight = 0.86 }', '{ id = "kmeans", weight = 8.6 }',
     ["decision_graph.toml", "candidate_set clustering", "members[0].weight", "<= 1.0"]),
    ("decision_graph.toml", 'targets = ["deepar"], delta = 0.1,', 'targets = ["deep-ar"], delta = 0.1,',
     ["decision_graph.toml", "question series_count", "targets", "unknown id 'deep-ar'"]),
    ("decision_graph.toml", 'next = "classify_data"', 'next = "nowhere"',
     ["decision_graph.toml", "question task", "answers[0].next", "'nowhere'"]),
    ("cues.toml", "patterns = ['sparse', ", "patterns = ['sparse(', ",
     ["cues.toml", "cue sparse=yes", "patterns[0]", "regular expression"]),
    ("cues.toml", "patterns = ['sparse', ", "patterns = ['\\\\bsparse', ",
     ["cues.toml", "cue sparse=yes", "patterns[0]", "double backslash"]),
    ("cues.toml", 'question = "gpu"\nanswer = "no"', 'question = "gpu"\nanswer = "never"',
     ["cues.toml", "cue gpu=never", "field 'answer'", "unknown answer 'never'"]),
    ("metrics.toml", 'metric = "f2"', 'metric = "f3"',
     ["metrics.toml", "chooser m_error_cost", "metric", "unknown metric 'f3'"]),
    ("troubleshooting.toml", 'id = "loss_slow"', 'id = "loss_oscillating"',
     ["troubleshooting.toml", "loss_oscillating", "field 'id'", "duplicate"]),
    ("troubleshooting.toml", 'applies_to = ["knn", "kmeans"]', 'applies_to = ["knn", "kmean"]',
     ["troubleshooting.toml", "knn_low_precision", "applies_to", "unknown algorithm 'kmean'"]),
    ("instance_types.toml", '"ml.c4.2xlarge", ', '"c4.2xlarge", ',
     ["instance_types.toml", "training[0]", "not an ml.* instance type"]),
]


@pytest.mark.parametrize(("file", "old", "new", "expected"), CASES,
                         ids=[f"{c[0]}:{i}" for i, c in enumerate(CASES)])
def test_broken_file_names_file_entry_and_field(resources_copy, file, old, new, expected):
    _edit(resources_copy / file, old, new)
    with pytest.raises(KnowledgeError) as info:
        _load_all(resources_copy)
    message = str(info.value)
    for part in expected:
        assert part in message, f"{part!r} missing from: {message}"


def test_the_unbroken_copy_loads(resources_copy):
    _load_all(resources_copy)


def test_missing_folder_and_empty_folder(resources_copy):
    for f in (resources_copy / "services").glob("*.toml"):
        f.unlink()
    with pytest.raises(KnowledgeError, match=re.escape("services/: no .toml files found")):
        load_catalog_from(resources_copy)
    with pytest.raises(KnowledgeError, match="folder is missing"):
        load_catalog_from(resources_copy / "nowhere")


def test_binary_file_is_reported_not_crashed(resources_copy):
    (resources_copy / "algorithms" / "xgboost.toml").write_bytes(b"\xff\xfe\x00\x01garbage")
    with pytest.raises(KnowledgeError, match=re.escape("algorithms/xgboost.toml")):
        load_catalog_from(resources_copy)
