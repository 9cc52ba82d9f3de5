"""Readable text for each calculator result: one function per result, used by the
sizing panel (shown and copied), the decision record and the command line's text output
(through :func:`plain`), so the GUI and the CLI say the same thing."""

from __future__ import annotations

from sagewise.knowledge.sizing.endpoint import EndpointResult
from sagewise.knowledge.sizing.instances import InstancesResult, gib
from sagewise.knowledge.sizing.kinesis import KinesisResult
from sagewise.knowledge.sizing.scaling import ScalingResult
from sagewise.knowledge.sizing.spice import SpiceResult
from sagewise.knowledge.wording import count

_BINDING = {"write_bandwidth": "write bandwidth (1 MiB/s per shard)",
            "write_records": "write records (1,000 records/s per shard)",
            "read_bandwidth": "shared read bandwidth (2 MiB/s per shard)"}


def num(v: float) -> str:
    """Human number: thousands separators, no scientific notation for everyday sizes."""
    if float(v).is_integer() and abs(v) < 1e15:
        return f"{int(v):,}"
    if 1e-3 <= abs(v) < 1e9:
        return f"{v:,.4f}".rstrip("0").rstrip(".")
    return f"{v:.4g}"


def _list(title: str, items) -> list[str]:
    items = list(items)
    return [f"**{title}**", *[f"- {i}" for i in items], ""] if items else []


def _share(use: float) -> str:
    """A share of a limit: '45%', '580%', or 'x14,848' when far over."""
    return f"{use:,.0%}" if use < 10 else f"x{use:,.0f}"


def _on_demand_markdown(r: KinesisResult) -> str:
    """On-demand result: the throughput against the on-demand limits (no shards to pick)."""
    od = r.on_demand
    w, rd = od["write_mib_per_s"], od["shared_read_mib_per_s"]
    by = {x["id"]: x for x in od["limits"]}

    def over(*keys: str) -> bool:
        return any(by[k]["use"] > 1 for k in keys)

    if over("on_demand_max_write_mib_per_s_large_regions",
            "on_demand_max_read_mib_per_s_large_regions"):
        verdict = ("**Above the on-demand maximum** even in us-east-1, us-west-2 and eu-west-1 "
                   f"({_share(by['on_demand_max_write_mib_per_s_large_regions']['use'])} of "
                   "the 10 GB/s write maximum).")
    elif over("on_demand_max_write_mib_per_s_other_regions",
              "on_demand_max_read_mib_per_s_other_regions"):
        verdict = ("Within the on-demand maximum **only in us-east-1, us-west-2 and "
                   "eu-west-1**; above the 200 MB/s write / 400 MB/s read maximum elsewhere.")
    else:
        verdict = "Within the on-demand maximum in every Region."
    verdict += (" It fits a new stream's starting capacity." if od["fits_new_stream_default"]
                else " It is above a new stream's starting capacity, which grows with the "
                "30-day peak.")
    lines = [f"## On-demand: {num(round(w, 3))} MiB/s write, {num(round(rd, 3))} MiB/s read",
             verdict, "",
             "| on-demand limit | limit | your traffic | used |", "|---|---|---|---|"]
    for x in od["limits"]:
        if x["traffic"] is None:
            lines.append(f"| {x['limit']} | {num(x['value'])} {x['unit']} | 1 stream (this "
                         "one) | - |")
        else:
            lines.append(f"| {x['limit']} | {num(x['value'])} {x['unit']} | "
                         f"{num(round(x['traffic'], 3))} MiB/s | {_share(x['use'])} |")
    total_read = r.read_kib_per_s / 1024
    lines += ["", f"Read: {num(round(total_read, 3))} MiB/s in total, "
              f"{num(round(rd, 3))} MiB/s of it by shared (GetRecords) consumers, which the "
              "read limits count; enhanced fan-out consumers read on their own.", "",
              f"For comparison, provisioned mode would need {count(r.shards, 'shard')} "
              f"(binding limit: {_BINDING[r.binding]}).", ""]
    lines += _list("Warnings", r.warnings)
    lines += _list("On-demand mode", od["notes"])
    lines.append("Units are KiB and MiB (the API's 1 MiB quota); record size includes the "
                 "partition key.")
    return "\n".join(lines)


def kinesis_markdown(r: KinesisResult) -> str:
    """Kinesis result: shards for provisioned mode, throughput against the on-demand
    limits for on-demand mode."""
    if r.mode == "on-demand":
        return _on_demand_markdown(r)
    lines = [f"## {count(r.shards, 'shard')}",
             f"Binding limit: **{_BINDING[r.binding]}**.", "",
             "| limit | shards needed | utilisation at the result |", "|---|---|---|"]
    for key, value in (("write_bandwidth", r.write_bandwidth_shards),
                       ("write_records", r.write_records_shards),
                       ("read_bandwidth", r.read_bandwidth_shards)):
        lines.append(f"| {_BINDING[key]} | {num(round(value, 3))} | "
                     f"{r.utilisation[key]:.0%} |")
    lines += ["", f"Traffic: {num(round(r.write_kib_per_s, 1))} KiB/s written "
              f"({num(round(r.write_kib_per_s / 1024, 3))} MiB/s); "
              f"{num(round(r.read_kib_per_s / 1024, 3))} MiB/s read in total.",
              f"Capacity with {count(r.shards, 'shard')}: {num(r.capacity['write_mib_per_s'])} MiB/s or "
              f"{num(r.capacity['write_records_per_s'])} records/s written; "
              f"{num(r.capacity['shared_read_mib_per_s'])} MiB/s shared read; "
              f"{num(r.capacity['efo_read_mib_per_s_per_consumer'])} MiB/s per enhanced "
              "fan-out consumer.", "",
              f"**Study-notes formula:** max(in/1024, out/2048) = "
              f"{num(round(r.notes_formula_shards, 3))} (rounded up "
              f"{r.notes_formula_rounded:,}). It ignores the 1,000 records/s write limit and "
              "counts every consumer as sharing the 2 MiB/s read."]
    if r.notes_formula_rounded != r.shards:
        lines.append(f"Here it differs from the full result by "
                     f"{count(r.shards - r.notes_formula_rounded, 'shard', shown=f'{r.shards - r.notes_formula_rounded:+,}')}.")
    lines.append("")
    lines += _list("Warnings", r.warnings)
    lines += _list("On-demand mode", r.on_demand["notes"])
    lines.append("Units are KiB and MiB (the API's 1 MiB quota); record size includes the "
                 "partition key.")
    return "\n".join(lines)


def spice_markdown(r: SpiceResult) -> str:
    """SPICE result."""
    verdict = "fits" if r.fits else "does not fit"
    needed = {None: "neither edition", "standard": "Standard",
              "enterprise": "Enterprise"}[r.edition_needed]
    lines = [f"## The dataset {verdict} in {r.edition.title()} SPICE",
             f"Edition needed: **{needed}**.", "",
             "| quota | value | limit | margin | result |", "|---|---|---|---|---|"]
    for c in r.checks:
        status = "pass" if c.ok else ("truncated" if c.severity == "warning" else "FAIL")
        lines.append(f"| {c.label} | {num(c.value)} | {num(c.limit)} | {num(c.margin)} | "
                     f"{status} |")
    if not r.checks:
        lines.append("| (enter values to check) | | | | |")
    lines.append("")
    lines += _list("Notes", r.notes)
    return "\n".join(lines)


def scaling_markdown(r: ScalingResult, base_lr: float) -> str:
    """Scaling result."""
    lines = [f"## Global batch {r.global_batch:,}; learning rate {r.learning_rate:.6g}",
             f"Batch ratio k = {num(round(r.batch_ratio, 4))}; the {r.rule} rule multiplies the "
             f"base rate {base_lr:g} by {num(round(r.scale_factor, 4))}.",
             f"Warmup: {count(r.warmup_epochs, 'epoch', shown=num(r.warmup_epochs))}, ramping linearly from {base_lr:g} to "
             f"{r.learning_rate:.6g}." if r.warmup_epochs else "No warmup.", ""]
    lines += _list("Cautions", r.warnings)
    return "\n".join(lines)


def endpoint_markdown(r: EndpointResult) -> str:
    """Endpoint result."""
    lines = [f"## Target: {num(round(r.invocations_per_instance, 3))} invocations per instance "
             "per minute",
             f"Instances at peak: **{r.instances}** ({r.instances_for_load} for the load, at "
             f"{num(round(r.target_rps_per_instance, 3))} requests/s each).", ""]
    lines += _list("Notes", r.notes)
    return "\n".join(lines)


def price_text(price: float | None, source: str) -> str:
    """An hourly price, or why it is unknown."""
    if price is not None:
        return f"${price:.3f}/h"
    reason = source.split(":", 1)[1].strip() if source.startswith("unknown:") else ""
    return f"price unknown: {reason}" if reason else "price unknown"


def instances_markdown(r: InstancesResult, table: bool = True) -> str:
    """Instance choice: summary, the ranked table (``table=False`` when a view shows the
    rows itself), notes and what was left out."""
    gpu = {"none": "does not use GPUs", "optional": "trains on CPU or GPU",
           "recommended": "prefers GPUs", "required": "needs GPUs"}[r.gpu_training]
    n = len(r.instances)
    lines = [f"## {n} instance type{'' if n == 1 else 's'} fit",
             (f"This algorithm {gpu}; several GPUs "
              + (f"help only with {r.multi_gpu_only_with}" if r.multi_gpu_only_with
                 else "help" if r.multi_gpu_useful else "do not help")
              + "; training "
              f"{'can' if r.multi_instance else 'cannot'} spread over several instances."),
             ""]
    if r.algorithm_mode:
        lines[1] = f"Algorithm mode **{r.algorithm_mode}**: " + lines[1][0].lower() + lines[1][1:]
    if r.memory_need_gib is not None:
        lines += [f"Memory needed per instance: ~{gib(r.memory_need_gib)} GiB (see the memory "
                  "rule below).", ""]
    if r.storage_gb:
        lines += [f"Training volume: ~{num(r.storage_gb)} GB of data plus model artifacts.", ""]
    elif r.storage_gb is not None:   # Pipe streams the data: nothing of it on the volume
        lines += ["Training volume: no copy of the data (it streams from S3); the volume "
                  "holds the model artifacts.", ""]
    if table and r.instances:
        lines += [instances_table_markdown(r), ""]
    lines += _list("Notes", r.notes)
    if r.excluded:
        lines += _list("Not suggested", excluded_lines(r.excluded))
    return "\n".join(lines)


def instances_table_markdown(r: InstancesResult) -> str:
    """The suggested instances as a Markdown table (records and Copy result carry it)."""
    if not r.instances:
        return "*No instance type fits these inputs.*"

    def cell(text: str) -> str:
        return text.replace("|", "/").replace("\n", " ")

    # the cost column only when some cost was computed (job hours given); a row whose
    # price is unknown says so in its $/h cell, so its cost cell is just "-"
    with_cost = any(o.estimated_cost_usd is not None for o in r.instances)
    rows = ["| Type | vCPU | GiB | GPUs | $/h | Count |" + (" Cost $ |" if with_cost else "")
            + " Why |",
            "|---|--:|--:|--:|--:|--:|" + ("--:|" if with_cost else "") + "---|"]
    for o in r.instances:
        price = (f"{o.price_usd_per_hour:.3f}" if o.price_usd_per_hour is not None
                 else cell(price_text(None, o.price_source)))
        cost = ("" if not with_cost else " - |" if o.estimated_cost_usd is None
                else f" {o.estimated_cost_usd:,.2f} |")
        rows.append(f"| {o.type} | {o.vcpu} | {o.memory_gib:g} | {o.gpus} | {price} | "
                    f"{o.count} |{cost} {cell('; '.join(o.reasons))} |")
    if not with_cost:
        rows.append("")
        rows.append("No cost column: the job length (hours) was not given.")
    return "\n".join(rows)


def excluded_lines(excluded: list[dict], most: int = 8) -> list[str]:
    """What was left out, grouped by reason (every reason once, up to ``most``)."""
    by_why: dict[str, list[str]] = {}
    for e in excluded:
        by_why.setdefault(e["why"], []).append(e["type"])
    out = []
    for why, types in list(by_why.items())[:most]:
        shown = ", ".join(types[:4]) + (f" and {len(types) - 4} more" if len(types) > 4 else "")
        out.append(f"{shown}: {why}")
    if len(by_why) > most:
        out.append(f"... and {len(by_why) - most} more reasons")
    return out


def hyperparams_markdown(ip: dict | None = None, rcf: dict | None = None,
                         xgb: dict | None = None) -> str:
    """The small hyperparameter formulas that were given inputs."""
    lines: list[str] = []
    if ip is not None:
        lines += [f"**IP Insights** num_entity_vectors = **{ip['num_entity_vectors']:,}**",
                  *[f"- {n}" for n in ip["notes"]], ""]
    if rcf is not None:
        lines += [f"**Random Cut Forest** num_samples_per_tree = "
                  f"**{rcf['num_samples_per_tree']:,}**", *[f"- {n}" for n in rcf["notes"]], ""]
    if xgb is not None:
        lines += [f"**XGBoost** scale_pos_weight = **{xgb['scale_pos_weight']:.4g}**",
                  *[f"- {n}" for n in xgb["notes"]], ""]
    return "\n".join(lines) or "*Enter at least one group of values.*"


def elbow_markdown(found) -> str:
    """The elbow (a :class:`knowledge.sim.kmeans.Elbow`): suggested k and the WCSS table."""
    ks = sorted(found.wcss)
    rows = "\n".join(f"| {k} | {num(round(found.wcss[k], 2))} |" for k in ks)
    return (f"## Suggested k = {found.k}\n\nThe elbow is where adding clusters stops "
            "paying off: the k farthest below the line from the first to the last point of "
            "log(WCSS). Check it against what the groups mean for the business.\n\n"
            f"| k | WCSS |\n|---|---|\n{rows}")


def plain(markdown: str) -> str:
    """The same text for a terminal: headings, bold and table rules without Markdown."""
    out = []
    for line in markdown.splitlines():
        if set(line.replace("|", "").strip()) <= {"-"} and line.startswith("|"):
            continue  # a table's |---|---| rule
        if line.startswith("|"):
            line = "  " + "  ".join(c.strip() for c in line.strip("|").split("|"))
        line = line.lstrip("#").strip() if line.startswith("#") else line
        out.append(line.replace("**", "").replace("`", ""))
    return "\n".join(out).strip()
