"""Wording a usability tester caught in the command line's text output: plurals, articles,
numbers, empty labels, unexplained columns, endless loops, unlabelled jumps, bare flags."""

from __future__ import annotations

import argparse
import re

from sagewise.knowledge.catalog import load_catalog
from sagewise.knowledge.cli import build_parser, main
from sagewise.knowledge.cli.recommend import text_recommend
from sagewise.knowledge.sizing import report
from sagewise.knowledge.sizing.instances import recommend_instances

# "a inference", "A array": an article 'a' before a word starting with a, e, i or o
WRONG_ARTICLE = re.compile(r"\b[Aa] (?=[aeioAEIO][a-z])")


def run(capsys, *argv) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def test_article_and_labelled_helpers():
    from sagewise.knowledge.wording import article, labelled

    assert article("inference") == "an inference" and article("training") == "a training"
    assert labelled("cue", ["x", "y"]) == "(cue: x; y)"
    assert labelled("cue", []) == "(cue)" and labelled("cue", [""]) == "(cue)"
    assert labelled("", []) == "" and labelled("", ["x"]) == "(x)"


def test_no_a_before_a_vowel_in_instance_advice_or_cards():
    """'not a inference instance type' came from an f-string with the phase in it."""
    from sagewise.knowledge.cards import algorithm_markdown

    catalog = load_catalog()
    texts = []
    for ident, algo in catalog.algorithms.items():
        texts.append(algorithm_markdown(algo))
        for phase in ("training", "inference", "transform"):
            r = recommend_instances(algorithm=ident, phase=phase, dataset_gb=3)
            texts.append(report.instances_markdown(r))
            texts += [e["why"] for e in r.excluded]
    bad = {m.string[max(0, m.start() - 25):m.end() + 25]
           for t in texts for m in WRONG_ARTICLE.finditer(t)}
    assert not bad, bad
    inf = recommend_instances(algorithm="xgboost", phase="inference")
    assert any("not an inference instance type" in e["why"] for e in inf.excluded)


def test_memory_sizes_use_separators_not_scientific_notation(capsys):
    text = run(capsys, "size", "instances", "--algorithm", "xgboost", "--dataset-gb", "5000")
    assert "e+0" not in text
    assert "~9,313 GiB" in text


def test_cost_column_only_when_there_is_a_cost(capsys):
    text = run(capsys, "size", "instances", "--algorithm", "xgboost", "--dataset-gb", "5")
    assert "Cost $" not in text and "n/a" not in text
    assert "No cost column: the job length (hours) was not given." in text
    text = run(capsys, "size", "instances", "--algorithm", "xgboost", "--dataset-gb", "5",
               "--hours", "3")
    assert "Cost $" in text and "No cost column" not in text


def test_capacity_counts_shards_with_the_right_plural(capsys):
    text = run(capsys, "size", "kinesis", "--record-kb", "1", "--records-per-second", "10")
    assert "Capacity with 1 shard:" in text and "1 shards" not in text


def test_a_suggestion_without_quoted_evidence_shows_no_empty_label():
    out = {"suggestions": [{"question": "task", "answer": "regress", "source": "cue",
                            "evidence": []}],
           "path": [], "recommendations": [], "ruled_out": [],
           "metric": {"name": "RMSE", "direction": "minimize", "why": "w"}, "next_question": None}
    text = text_recommend(out)
    assert "task = regress  (cue)" in text and "cue: " not in text


def test_profile_counts_one_duplicate_row_and_never_prints_line_question_mark(capsys,
                                                                              tmp_path):
    f = tmp_path / "d.csv"
    f.write_text("a,b\n1,2\n1,2\n3,4\n5,6,7\n8,9\n")
    text = run(capsys, "profile", str(f))
    assert "1 duplicate row " in text and "1 duplicate rows" not in text
    assert "remove it," in text
    assert "line ?" not in text
    assert "'5,6,7'" in text or "near line" in text


def test_a_looping_greedy_path_is_summarised():
    from sagewise.knowledge.cli.demo import path_text

    path = [(3, 0), (2, 0), (1, 0), *[(0, 4)] * 998]
    text = path_text(path, hit_limit=True)
    assert text.count("(0,4)") == 1
    assert text.endswith("then (0,4) repeated until the step limit (1,000 steps)")
    two = path_text([(0, 0), (0, 1), (0, 2), (0, 1), (0, 2), (0, 1), (0, 2)], hit_limit=True)
    assert two == "(0,0) then (0,1) (0,2) repeated until the step limit (6 steps)"
    # a path that ends well is shown in full; a stall on a slippery grid is run-length coded
    assert path_text([(0, 0), (0, 1)], hit_limit=False) == "(0,0) (0,1)"
    assert path_text([(0, 0), (0, 0), (0, 0), (0, 1)], hit_limit=False) == "(0,0) x3 (0,1)"


def test_sarsa_demo_prints_its_loop_once(capsys):
    text = run(capsys, "demo", "qlearning", "--agent", "sarsa", "--env", "cliff",
               "--episodes", "500", "--seed", "0")
    path = next(line for line in text.splitlines() if line.startswith("greedy path:"))
    assert len(path) < 300
    if "step limit" in text.splitlines()[1]:
        assert "repeated until the step limit" in path


def test_sagemaker_kmeans_labels_the_pass_and_the_final_inertia(capsys):
    text = run(capsys, "demo", "kmeans", "--points", "3000", "--k", "3", "--mode", "sagemaker",
               "--batches", "10")
    assert "inertia with the pass's 12 centres (3 x 4), per mini-batch step:" in text
    assert "final inertia, after the reduction to 3 centres:" in text


def test_every_size_flag_says_what_it_means():
    """`size endpoint --help` listed --max-rps R with no meaning or unit."""
    parser, _ = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    size = sub.choices["size"]
    calcs = next(a for a in size._actions if isinstance(a, argparse._SubParsersAction))
    bare = [f"{name} {opt.option_strings[0]}" for name, p in calcs.choices.items()
            for opt in p._actions if opt.option_strings and not opt.help]
    assert not bare, bare
    endpoint = calcs.choices["endpoint"].format_help()
    assert "requests per second" in endpoint and "0.01 to 1" in endpoint


def test_an_async_endpoint_reads_right(capsys):
    from sagewise.knowledge.cli import main

    assert main(["export", "endpoint-config", "--kind", "async", "--model-name", "m"]) == 2
    err = capsys.readouterr().err
    assert "an async endpoint" in err and "a async" not in err


def test_pipe_mode_does_not_claim_a_zero_gb_data_copy(capsys):
    from sagewise.knowledge.cli import main

    assert main(["size", "instances", "--algorithm", "kmeans", "--dataset-gb", "50",
                 "--mode", "Pipe"]) == 0
    out = capsys.readouterr().out
    assert "~0 GB" not in out and "no copy of the data (it streams from S3)" in out
    assert main(["size", "instances", "--algorithm", "kmeans", "--dataset-gb", "50",
                 "--mode", "File"]) == 0
    assert "Training volume: ~50 GB of data" in capsys.readouterr().out
