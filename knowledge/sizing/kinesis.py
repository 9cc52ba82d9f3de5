"""Kinesis Data Streams: how many shards, which limit binds, and what changed.

Per shard (limits.toml): write 1 MiB/s or 1,000 records/s; shared read 2 MiB/s split by
all GetRecords consumers; each enhanced fan-out (EFO) consumer gets its own 2 MiB/s.

    shards = ceil(max(in_KiB/1024, records/1000, in_KiB * shared_consumers/2048, 1)
                  * (1 + headroom))

Units are KiB (the API's quota is 1 MiB). The study notes' formula,
``max(in_KB/1024, out_KB/2048)`` with ``out = in * consumers`` and no rounding, omits the
records/s limit and treats every consumer as shared; it is returned for comparison.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from sagewise.knowledge.errors import InputError
from sagewise.knowledge.sizing.inputs import ceil_shards, choice, compact, number
from sagewise.knowledge.sizing.limits import limit

MODES = ("provisioned", "on-demand")
# Sanity caps of the calculator (not AWS limits): far beyond any real stream, but small
# enough that every number it prints is meaningful.
MAX_CONSUMERS = 10_000
MAX_SHARDS = 1_000_000_000


@dataclass(frozen=True)
class KinesisResult:
    """Shards needed and the reasoning behind the number."""

    shards: int
    binding: str
    write_bandwidth_shards: float
    write_records_shards: float
    read_bandwidth_shards: float
    notes_formula_shards: float
    notes_formula_rounded: int
    write_kib_per_s: float
    read_kib_per_s: float
    record_kib: float
    utilisation: dict[str, float]
    capacity: dict[str, float]
    mode: str
    on_demand: dict[str, object]
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        """JSON form (PRODUCT keys first)."""
        return asdict(self)


def size_stream(*, records_per_second: float, record_kb: float | None = None,
                write_mb_per_second: float | None = None, consumers: float = 1,
                efo_consumers: float = 0, headroom_pct: float = 0,
                mode: str = "provisioned", round_record_up: bool = False) -> KinesisResult:
    """Size a stream for its peak traffic.

    Give the average record size (KiB, incl. partition key) or the total write rate
    (MiB/s), the peak records per second, the shared-throughput consumers, the enhanced
    fan-out consumers and the headroom (%). ``round_record_up`` rounds the record size up
    to a whole KiB first, as the AWS sizing text suggests.
    """
    rps = number("records_per_second", records_per_second, positive=True)
    if (record_kb is None) == (write_mb_per_second is None):
        raise InputError("record_kb", "give either the record size (KiB) or the write rate "
                         "(MiB/s), not both or neither")
    if record_kb is not None:
        rec = number("record_kb", record_kb, positive=True)
        if round_record_up:
            rec = float(ceil_shards(rec))
        in_kib = rec * rps
    else:
        mbs = number("write_mb_per_second", write_mb_per_second, positive=True)
        in_kib = mbs * 1024
        rec = in_kib / rps
    shared = number("consumers", consumers, minimum=0, integer=True, maximum=MAX_CONSUMERS)
    efo = number("efo_consumers", efo_consumers, minimum=0, integer=True,
                 maximum=MAX_CONSUMERS)
    head = number("headroom_pct", headroom_pct, minimum=0, maximum=1000)
    mode = choice("mode", mode, MODES)

    w_bw = in_kib / limit("kinesis.shard_write_kib_per_s")
    w_rec = rps / limit("kinesis.shard_write_records_per_s")
    r_bw = in_kib * shared / limit("kinesis.shard_read_kib_per_s")
    terms = {"write_bandwidth": w_bw, "write_records": w_rec, "read_bandwidth": r_bw}
    binding = max(terms, key=lambda k: (terms[k], -list(terms).index(k)))
    base = max(w_bw, w_rec, r_bw, 1.0)
    _check_absurd(terms, base * (1 + head / 100), base, rec, record_kb is not None)
    shards = ceil_shards(base * (1 + head / 100))

    notes = max(in_kib / 1024, in_kib * (shared + efo) / 2048)
    warnings = _warnings(rec, shared, efo, shards, mode)
    cap_write_kib = shards * limit("kinesis.shard_write_kib_per_s")
    utilisation = {
        "write_bandwidth": in_kib / cap_write_kib,
        "write_records": rps / (shards * limit("kinesis.shard_write_records_per_s")),
        "read_bandwidth": in_kib * shared / (shards * limit("kinesis.shard_read_kib_per_s")),
    }
    capacity = {
        "write_mib_per_s": cap_write_kib / 1024,
        "write_records_per_s": shards * limit("kinesis.shard_write_records_per_s"),
        "shared_read_mib_per_s": shards * limit("kinesis.shard_read_kib_per_s") / 1024,
        "efo_read_mib_per_s_per_consumer": shards * limit("kinesis.efo_read_kib_per_s") / 1024,
    }
    write_mib = in_kib / 1024
    read_mib = write_mib * (shared + efo)
    on_demand = _on_demand(write_mib, write_mib * shared, read_mib)
    if mode == "on-demand":
        warnings += on_demand["warnings"]
    return KinesisResult(shards, binding, w_bw, w_rec, r_bw, notes, ceil_shards(notes),
                         in_kib, in_kib * (shared + efo), rec, utilisation, capacity, mode,
                         on_demand, warnings)


def _on_demand(write_mib: float, shared_read_mib: float, read_mib: float) -> dict:
    """What matters in on-demand mode: the traffic against each on-demand limit (new
    stream defaults, Regional maxima, the streams quota), with a warning above each."""
    rows = []

    def row(key: str, what: str, traffic: float | None) -> None:
        value = limit(f"kinesis.{key}")
        rows.append({"id": key, "limit": what, "value": value,
                     "unit": "streams" if traffic is None else "MiB/s",
                     "traffic": traffic,
                     "use": None if traffic is None else traffic / value})

    row("on_demand_default_write_mib_per_s", "New stream's starting write capacity", write_mib)
    row("on_demand_default_read_mib_per_s", "New stream's starting read capacity",
        shared_read_mib)
    row("on_demand_max_write_mib_per_s_large_regions",
        "Maximum write, us-east-1 / us-west-2 / eu-west-1 (10 GB/s)", write_mib)
    row("on_demand_max_read_mib_per_s_large_regions",
        "Maximum read, us-east-1 / us-west-2 / eu-west-1 (20 GB/s)", shared_read_mib)
    row("on_demand_max_write_mib_per_s_other_regions", "Maximum write, other Regions "
        "(200 MB/s)", write_mib)
    row("on_demand_max_read_mib_per_s_other_regions", "Maximum read, other Regions "
        "(400 MB/s)", shared_read_mib)
    row("on_demand_streams_per_account", "On-demand streams per account (default quota)",
        None)
    by = {r["id"]: r for r in rows}
    warnings = []
    big_w = by["on_demand_max_write_mib_per_s_large_regions"]
    big_r = by["on_demand_max_read_mib_per_s_large_regions"]
    small_w = by["on_demand_max_write_mib_per_s_other_regions"]
    small_r = by["on_demand_max_read_mib_per_s_other_regions"]
    if write_mib > big_w["value"] or shared_read_mib > big_r["value"]:
        over = (f"{compact(write_mib)} MiB/s written" if write_mib > big_w["value"]
                else f"{compact(shared_read_mib)} MiB/s of shared reads")
        warnings.append(f"{over} is above the on-demand maximum of "
                        f"{compact(big_w['value'])} MiB/s write (10 GB/s) and "
                        f"{compact(big_r['value'])} MiB/s read (20 GB/s) even in the largest "
                        "Regions: ask AWS for a higher quota, use provisioned mode, or split "
                        "the traffic over several streams.")
    elif write_mib > small_w["value"] or shared_read_mib > small_r["value"]:
        warnings.append(f"{compact(write_mib)} MiB/s write / {compact(shared_read_mib)} MiB/s "
                        "read is above on-demand's 200 MB/s write / 400 MB/s read maximum "
                        "outside us-east-1, us-west-2 and eu-west-1.")
    fits_default = (write_mib <= by["on_demand_default_write_mib_per_s"]["value"]
                    and shared_read_mib <= by["on_demand_default_read_mib_per_s"]["value"])
    if not fits_default:
        warnings.append("Above a new on-demand stream's default 4 MiB/s write / 8 MiB/s "
                        "read: ramp up gradually (capacity follows twice the 30-day peak) "
                        "or pre-warm with warm throughput.")
    return {
        "write_mib_per_s": write_mib,
        "shared_read_mib_per_s": shared_read_mib,
        "read_mib_per_s": read_mib,
        "fits_new_stream_default": fits_default,
        "default_write_mib_per_s": limit("kinesis.on_demand_default_write_mib_per_s"),
        "default_read_mib_per_s": limit("kinesis.on_demand_default_read_mib_per_s"),
        "limits": rows,
        "warnings": warnings,
        "notes": [
            "A new on-demand stream starts at 4 MiB/s write and 8 MiB/s read.",
            "It accommodates up to twice the peak write seen in the last 30 days; traffic "
            "more than doubling the previous peak within 15 minutes can be throttled.",
            "A single partition key is still limited to one shard's 1 MiB/s or 1,000 "
            "records/s.",
            "Maximum write 10 GB/s and read 20 GB/s in us-east-1, us-west-2 and eu-west-1; "
            "200 MB/s write and 400 MB/s read in other Regions (more on request).",
            "An account can have 50 on-demand streams by default (a support request raises "
            "it).",
            "Enhanced fan-out consumers read on their own 2 MiB/s per shard; the read "
            "limits above count the shared (GetRecords) consumers.",
        ],
    }


def _check_absurd(terms: dict[str, float], total: float, base: float, rec_kib: float,
                  record_given: bool) -> None:
    """Refuse inputs that make no stream (over MAX_SHARDS shards, or an impossible record),
    naming the input that drives the number."""
    top = limit("kinesis.record_max_kib")
    if rec_kib > top:
        if record_given:
            raise InputError("record_kb", f"{compact(rec_kib)} KiB exceeds the largest "
                             f"Kinesis record ({top:,.0f} KiB = 10 MiB)")
        raise InputError("records_per_second", f"the write rate over this many records/s "
                         f"gives {compact(rec_kib)} KiB records, above the largest Kinesis "
                         f"record ({top:,.0f} KiB = 10 MiB)")
    if total <= MAX_SHARDS:
        return
    if base <= MAX_SHARDS:
        culprit = "headroom_pct"
    else:  # the record size is at most 10 MiB, so a bandwidth this large is the rate's
        culprit = {"write_bandwidth": "records_per_second" if record_given
                   else "write_mb_per_second",
                   "write_records": "records_per_second",
                   "read_bandwidth": "consumers"}[max(terms, key=lambda k: terms[k])]
    amount = compact(total) if total < 1e300 else f"more than {MAX_SHARDS:,}"
    raise InputError(culprit, f"needs {amount} shards, beyond any real stream (this "
                     f"calculator stops at {MAX_SHARDS:,}); check the units")


def _warnings(rec_kib: float, shared: float, efo: float, shards: int, mode: str) -> list[str]:
    out = []
    if rec_kib > limit("kinesis.record_max_kib"):
        raise InputError("record_kb", f"{compact(rec_kib)} KiB exceeds the largest Kinesis record "
                         f"({limit('kinesis.record_max_kib'):,.0f} KiB = 10 MiB)")
    if rec_kib > limit("kinesis.record_default_kib"):
        out.append(f"Records of {rec_kib:,.0f} KiB exceed the default 1 MiB: raise the stream's "
                   "MaxRecordSizeInKiB (up to 10 MiB); AWS advises keeping large records "
                   "under 2% of traffic.")
    tps = limit("kinesis.getrecords_tps_per_shard")
    if shared > tps:
        out.append(f"{shared:.0f} shared consumers polling once a second exceed the "
                   f"{tps:.0f} GetRecords calls/s per shard: use enhanced fan-out for some.")
    if efo > limit("kinesis.efo_consumers_advantage"):
        out.append(f"{efo:.0f} enhanced fan-out consumers exceed the limit of 50 per stream "
                   "(even with On-demand Advantage).")
    elif efo > limit("kinesis.efo_consumers_per_stream"):
        out.append(f"{efo:.0f} enhanced fan-out consumers exceed 20 per stream; 50 only with "
                   "On-demand Advantage.")
    if mode == "provisioned":
        if shards > limit("kinesis.shard_quota_large_regions"):
            out.append(f"{shards:,} shards exceed the default account quota of 20,000 "
                       "(us-east-1, us-west-2, eu-west-1): request an increase.")
        elif shards > limit("kinesis.shard_quota_other_regions"):
            out.append(f"{shards:,} shards exceed the default quota of 1,000 (or 6,000) in "
                       "smaller Regions.")
    return out


def sweep_records(base_kwargs: dict, rps_values) -> list[tuple[float, int, str]]:
    """Shards and binding limit for each records/s value (for the what-if plot)."""
    out = []
    for rps in rps_values:
        r = size_stream(**{**base_kwargs, "records_per_second": rps})
        out.append((rps, r.shards, r.binding))
    return out
