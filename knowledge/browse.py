"""Filtering and side-by-side comparison for the algorithm browser."""

from __future__ import annotations

from sagewise.knowledge.catalog import Algorithm, Catalog
from sagewise.knowledge.errors import InputError

GPU_FILTERS = ("any", "can use GPU", "needs GPU", "CPU only")
YES_NO = ("any", "yes", "no")


def table_rows(catalog: Catalog) -> list[dict]:
    """One row per algorithm and managed service (the browser's table)."""
    rows = []
    for a in catalog.algorithms.values():
        rows.append({"id": a.id, "Name": a.name, "Kind": "algorithm" if a.builtin else
                     "framework", "Learning": ", ".join(a.learning_types),
                     "Data": ", ".join(d.replace("_", " ") for d in a.data_types),
                     "Problems": ", ".join(p.replace("_", " ") for p in a.problem_types),
                     "GPU training": a.instances.gpu_training,
                     "Multi-GPU": "yes" if a.instances.multi_gpu else "no",
                     "Multi-instance": "yes" if a.instances.multi_instance else "no",
                     "Pipe mode": "yes" if a.pipe_mode else "no",
                     "Incremental": {"yes": "yes", "no": "no",
                                     "documented_on_page": "on its page"}[a.incremental_training]})
    for s in catalog.services.values():
        rows.append({"id": s.id, "Name": s.name, "Kind": "managed service", "Learning": "-",
                     "Data": "-", "Problems": s.summary.split(":")[0][:60],
                     "GPU training": "-", "Multi-GPU": "-", "Multi-instance": "-",
                     "Pipe mode": "-", "Incremental": "-"})
    return rows


def matches(item, *, kind: str = "all", learning: str = "any", data: str = "any",
            problem: str = "any", gpu: str = "any", pipe: str = "any",
            incremental: str = "any", multi_instance: str = "any", text: str = "") -> bool:
    """Whether one catalog item passes the browser's filters."""
    if gpu not in GPU_FILTERS:
        raise InputError("gpu", f"must be one of {', '.join(GPU_FILTERS)}")
    for name, value in (("pipe", pipe), ("incremental", incremental),
                        ("multi_instance", multi_instance)):
        if value not in YES_NO:
            raise InputError(name, f"must be one of {', '.join(YES_NO)}")
    needle = text.strip().lower()
    if needle:
        hay = " ".join([item.id, item.name, item.summary, *item.use_cases]).lower()
        if not all(word in hay for word in needle.split()):
            return False
    is_algo = isinstance(item, Algorithm)
    if kind == "algorithms" and not is_algo or kind == "services" and is_algo:
        return False
    structural = (learning, data, problem, gpu, pipe, incremental, multi_instance)
    if not is_algo:
        return all(v == "any" for v in structural)
    inst = item.instances
    checks = [
        learning == "any" or learning in item.learning_types,
        data == "any" or data in item.data_types,
        problem == "any" or problem in item.problem_types,
        gpu == "any" or (gpu == "can use GPU" and inst.gpu_training != "none")
        or (gpu == "needs GPU" and inst.gpu_training == "required")
        or (gpu == "CPU only" and inst.gpu_training == "none"),
        pipe == "any" or (pipe == "yes") == item.pipe_mode,
        incremental == "any" or (incremental == "yes") == (item.incremental_training != "no"),
        multi_instance == "any" or (multi_instance == "yes") == inst.multi_instance,
    ]
    return all(checks)


def filter_ids(catalog: Catalog, **criteria) -> list[str]:
    """Ids passing the filters, in catalog order."""
    return [i for i in catalog.ids if matches(catalog.get(i), **criteria)]


def compare_markdown(catalog: Catalog, ids: list[str]) -> str:
    """A side-by-side table of two or three algorithms (services get a short table)."""
    if not 2 <= len(ids) <= 3:
        raise InputError("ids", f"select two or three to compare (got {len(ids)})")
    items = [catalog.get(i) for i in ids]
    header = "| | " + " | ".join(f"**{x.name}**" for x in items) + " |"
    lines = ["## Side by side", "", header, "|---|" + "---|" * len(items)]

    def row(label: str, fn) -> None:
        cells = []
        for x in items:
            try:
                value = fn(x)
            except AttributeError:
                value = "-"
            cells.append(str(value).replace("|", "/").replace("\n", " "))
        if any(c != "-" for c in cells):  # a row that none of them has says nothing
            lines.append(f"| {label} | " + " | ".join(cells) + " |")

    row("What it is", lambda x: x.summary.split(". ")[0].rstrip(".") + ".")
    row("Learning", lambda x: ", ".join(x.learning_types))
    row("Problems", lambda x: ", ".join(p.replace("_", " ") for p in x.problem_types))
    row("Data", lambda x: ", ".join(x.data_types))
    row("Training input", lambda x: ", ".join(x.training_content_types))
    row("Input modes", lambda x: " and ".join(x.input_modes))
    row("Required hyperparameters", lambda x: ", ".join(h.name for h in
                                                         x.required_hyperparameters) or "none")
    row("GPU for training", lambda x: x.instances.gpu_training)
    row("Multi-GPU helps", lambda x: "yes" if x.instances.multi_gpu else "no")
    row("Multi-instance", lambda x: "yes" if x.instances.multi_instance else "no")
    row("Incremental training", lambda x: x.incremental_training.replace("_", " "))
    row("Tuning metrics", lambda x: ", ".join(m.name for m in x.objective_metrics[:4])
        or x.metric_note)
    row("Prefer it when", lambda x: "; ".join(x.prefer_when))
    row("Main pitfall", lambda x: x.pitfalls[0])
    notes = []
    for a in items:
        for alt in getattr(a, "alternatives", ()):
            if alt.in_catalog and alt.ref in ids:
                notes.append(f"- **{a.name} vs {catalog.name(alt.ref)}:** {alt.how_to_tell}")
    if notes:
        lines += ["", "## How to tell them apart", "", *notes]
    return "\n".join(lines)
