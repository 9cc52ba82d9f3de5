"""Kinesis shard sizing: worked cases, properties, bad input."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sagewise.knowledge.errors import InputError
from sagewise.knowledge.sizing.kinesis import size_stream, sweep_records


@pytest.mark.parametrize(("kwargs", "shards", "binding"), [
    # FACTS B.1.3 derived example: write 5.86, records 2, read 8.79 -> 9
    ({"record_kb": 3, "records_per_second": 2000, "consumers": 3}, 9, "read_bandwidth"),
    # AWS pricing calculator: 0.5 KB x 50,000 rec/s -> 50 shards, not 25
    ({"record_kb": 0.5, "records_per_second": 50000}, 50, "write_records"),
    # Old pricing page: 100 rec/s x 35 KB = 3.4 MB/s -> 4 shards
    ({"record_kb": 35, "records_per_second": 100}, 4, "write_bandwidth"),
    # 2013 pricing page: 1,000 PUT/s x 5 KB = 4.9 MB/s -> 5 shards
    ({"record_kb": 5, "records_per_second": 1000}, 5, "write_bandwidth"),
    # Tiny stream still needs one shard
    ({"record_kb": 0.1, "records_per_second": 1}, 1, "write_records"),
    # Given as MB/s: 2 MiB/s at 500 records/s -> 2 shards
    ({"write_mb_per_second": 2, "records_per_second": 500}, 2, "write_bandwidth"),
])
def test_worked_cases(kwargs, shards, binding):
    r = size_stream(**kwargs)
    assert r.shards == shards and r.binding == binding


def test_notes_formula_is_reported_unrounded_for_comparison():
    r = size_stream(record_kb=3, records_per_second=2000, consumers=3)
    assert r.notes_formula_shards == pytest.approx(6000 * 3 / 2048)
    r2 = size_stream(record_kb=0.5, records_per_second=50000)
    assert r2.notes_formula_shards == pytest.approx(25000 / 1024)  # misses the records limit


def test_enhanced_fan_out_consumers_do_not_share_read_bandwidth():
    shared = size_stream(record_kb=1, records_per_second=900, consumers=4)
    efo = size_stream(record_kb=1, records_per_second=900, consumers=1, efo_consumers=3)
    assert shared.shards == 2 and efo.shards == 1


def test_headroom_and_rounding():
    r = size_stream(record_kb=1, records_per_second=1000, headroom_pct=20)
    assert r.shards == 2  # 1 x 1.2 -> 2
    exact = size_stream(record_kb=1, records_per_second=2000, headroom_pct=0)
    assert exact.shards == 2  # no float noise pushing 2.0 to 3
    up = size_stream(record_kb=0.4, records_per_second=2500, round_record_up=True)
    assert up.record_kib == 1 and up.shards == 3


def test_warnings_for_large_records_many_consumers_and_quotas():
    r = size_stream(record_kb=2000, records_per_second=1, consumers=7, efo_consumers=25)
    text = " ".join(r.warnings)
    assert "MaxRecordSizeInKiB" in text and "GetRecords" in text and "20 per stream" in text
    big = size_stream(record_kb=1, records_per_second=25_000_000)
    assert any("20,000" in w for w in big.warnings)
    with pytest.raises(InputError) as info:
        size_stream(record_kb=20_000, records_per_second=1)
    assert info.value.field == "record_kb"


def test_on_demand_notes():
    r = size_stream(record_kb=10, records_per_second=1000, mode="on-demand")
    assert r.on_demand["fits_new_stream_default"] is False
    assert any("default" in w for w in r.warnings)


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"record_kb": -1, "records_per_second": 10}, "record_kb"),
    ({"record_kb": 0, "records_per_second": 10}, "record_kb"),
    ({"record_kb": float("nan"), "records_per_second": 10}, "record_kb"),
    ({"record_kb": 1, "records_per_second": 0}, "records_per_second"),
    ({"record_kb": 1, "records_per_second": float("inf")}, "records_per_second"),
    ({"record_kb": 1, "records_per_second": "10"}, "records_per_second"),
    ({"record_kb": 1, "records_per_second": 10, "consumers": 1.5}, "consumers"),
    ({"record_kb": 1, "records_per_second": 10, "consumers": -1}, "consumers"),
    ({"record_kb": 1, "records_per_second": 10, "headroom_pct": -5}, "headroom_pct"),
    ({"record_kb": 1, "records_per_second": 10, "mode": "serverless"}, "mode"),
    ({"records_per_second": 10}, "record_kb"),
    ({"record_kb": 1, "write_mb_per_second": 1, "records_per_second": 10}, "record_kb"),
])
def test_invalid_inputs_name_the_field(kwargs, field):
    with pytest.raises(InputError) as info:
        size_stream(**kwargs)
    assert info.value.field == field


sizes = st.floats(min_value=0.01, max_value=1000, allow_nan=False)
rates = st.floats(min_value=1, max_value=1e6, allow_nan=False)
counts = st.integers(min_value=0, max_value=20)


@given(sizes, rates, counts, st.floats(min_value=1, max_value=10))
def test_shards_never_decrease_when_records_grow(kb, rps, consumers, factor):
    a = size_stream(record_kb=kb, records_per_second=rps, consumers=consumers)
    b = size_stream(record_kb=kb, records_per_second=rps * factor, consumers=consumers)
    assert b.shards >= a.shards


@given(sizes, rates, counts, st.floats(min_value=1, max_value=10))
def test_shards_never_decrease_when_records_get_bigger(kb, rps, consumers, factor):
    a = size_stream(record_kb=kb, records_per_second=rps, consumers=consumers)
    b = size_stream(record_kb=min(kb * factor, 10_000), records_per_second=rps,
                    consumers=consumers)
    assert b.shards >= a.shards


@given(sizes, rates, counts, st.integers(min_value=0, max_value=10))
def test_shards_never_decrease_with_more_consumers(kb, rps, consumers, extra):
    a = size_stream(record_kb=kb, records_per_second=rps, consumers=consumers)
    b = size_stream(record_kb=kb, records_per_second=rps, consumers=consumers + extra)
    c = size_stream(record_kb=kb, records_per_second=rps, consumers=consumers,
                    efo_consumers=extra)
    assert b.shards >= a.shards and c.shards >= a.shards


@given(sizes, rates, counts)
def test_shards_cover_every_limit(kb, rps, consumers):
    r = size_stream(record_kb=kb, records_per_second=rps, consumers=consumers)
    assert r.shards >= math.ceil(round(max(r.write_bandwidth_shards, r.write_records_shards,
                                           r.read_bandwidth_shards), 9))
    assert all(u <= 1.0 + 1e-9 for u in r.utilisation.values())


def test_sweep_for_the_plot_is_monotone():
    pts = sweep_records({"record_kb": 2, "consumers": 2}, [100, 1000, 5000, 20000])
    assert [p[1] for p in pts] == sorted(p[1] for p in pts)


def test_on_demand_headlines_throughput_against_the_on_demand_limits():
    """Usability report: on-demand still headlined '6 shards', omitted the read maxima and
    the 50-streams quota, and did not warn at 58 GB/s (above the 10 GB/s maximum)."""
    from sagewise.knowledge.sizing.report import kinesis_markdown, plain

    r = size_stream(record_kb=3, records_per_second=2000, consumers=3, mode="on-demand")
    text = plain(kinesis_markdown(r))
    first = text.splitlines()[0]
    assert first.startswith("On-demand:") and "MiB/s write" in first and "shard" not in first
    assert "20 GB/s" in text and "400 MB/s" in text          # read maxima
    assert "50 streams" in text                              # streams per account
    assert "provisioned mode would need 9 shards" in text    # shards only for comparison
    ids = {row["id"] for row in r.on_demand["limits"]}
    assert {"on_demand_max_read_mib_per_s_large_regions",
            "on_demand_max_read_mib_per_s_other_regions",
            "on_demand_streams_per_account"} <= ids

    huge = size_stream(write_mb_per_second=58 * 1024, records_per_second=1_000_000,
                       mode="on-demand")
    assert any("above the on-demand maximum" in w and "10 GB/s" in w for w in huge.warnings)
    assert "Above the on-demand maximum" in kinesis_markdown(huge).splitlines()[1]
    mid = size_stream(write_mb_per_second=300, records_per_second=100_000, mode="on-demand")
    assert any("outside us-east-1" in w for w in mid.warnings)
    assert not any("even in the largest" in w for w in mid.warnings)
    # provisioned keeps its shard headline, with the right plural
    one = kinesis_markdown(size_stream(record_kb=1, records_per_second=10))
    assert one.startswith("## 1 shard\n") and "Capacity with 1 shard:" in one
