"""Browser filters and the side-by-side comparison."""

from __future__ import annotations

import pytest
from sagewise.knowledge.browse import compare_markdown, filter_ids, table_rows
from sagewise.knowledge.catalog import load_catalog
from sagewise.knowledge.errors import InputError


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def test_every_item_has_one_row(catalog):
    rows = table_rows(catalog)
    assert sorted(r["id"] for r in rows) == sorted(catalog.ids)


def test_needs_gpu_lists_only_gpu_only_algorithms(catalog):
    ids = filter_ids(catalog, gpu="needs GPU")
    assert ids and "image-classification" in ids
    assert all(catalog.get(i).instances.gpu_training == "required" for i in ids)
    assert "xgboost" not in ids


def test_cpu_only_and_needs_gpu_are_disjoint(catalog):
    assert not set(filter_ids(catalog, gpu="needs GPU")) & set(filter_ids(catalog, gpu="CPU only"))


def test_structural_filters_hide_managed_services(catalog):
    assert "amazon-translate" in filter_ids(catalog)
    assert "amazon-translate" not in filter_ids(catalog, learning="supervised")


def test_search_needs_every_word(catalog):
    assert "xgboost" in filter_ids(catalog, text="fraud")
    assert filter_ids(catalog, text="fraud zzzzqq") == []


def test_services_kind_shows_only_services(catalog):
    ids = filter_ids(catalog, kind="services")
    assert ids and all(catalog.get(i).kind == "service" for i in ids)


@pytest.mark.parametrize("bad", [{"gpu": "maybe"}, {"pipe": "sometimes"}])
def test_unknown_filter_values_are_refused(catalog, bad):
    with pytest.raises(InputError):
        filter_ids(catalog, **bad)


def test_compare_builds_one_column_per_item_and_explains_the_difference(catalog):
    md = compare_markdown(catalog, ["kmeans", "random-cut-forest"])
    header = md.splitlines()[2]
    assert "K-Means" in header and "Random Cut Forest" in header
    assert [ln for ln in md.splitlines() if ln.startswith("|---")] == ["|---|---|---|"]
    assert "How to tell them apart" in md and "anomaly" in md
    table = [ln for ln in md.splitlines() if ln.startswith("| ")]
    assert all(ln.count(" | ") >= 2 for ln in table)


@pytest.mark.parametrize("ids", [[], ["xgboost"], ["xgboost", "pca", "lda", "ntm"]])
def test_compare_needs_two_or_three(catalog, ids):
    with pytest.raises(InputError, match="two or three"):
        compare_markdown(catalog, ids)


def test_compare_leaves_out_rows_none_of_them_has(catalog):
    md = compare_markdown(catalog, ["xgboost", "catboost"])
    assert "Prefer it when" not in md
    assert "Prefer it when" in compare_markdown(catalog, ["amazon-translate", "amazon-polly"])
