"""Markdown cards for algorithms and services (shown by the GUI, used in reports)."""

from __future__ import annotations

from sagewise.knowledge.catalog import Algorithm, Catalog, Service

_GPU = {"none": "no GPU use", "optional": "CPU or GPU", "recommended": "GPU recommended",
        "required": "GPU required"}
_INCREMENTAL = {"yes": "yes (on AWS's incremental-training list)",
                "documented_on_page": "documented on the algorithm's own page",
                "no": "no"}


def _bullets(items) -> str:
    return "\n".join(f"- {i}" for i in items)


def algorithm_markdown(a: Algorithm, catalog: Catalog | None = None) -> str:
    """Everything needed to start with an algorithm, as Markdown."""
    name = (lambda i: catalog.name(i)) if catalog else (lambda i: i)
    inst = a.instances
    # the AWS name only when it says something the heading does not ("XGBoost / XGBoost")
    subtitle = a.aws_name if a.aws_name != a.name else (
        "SageMaker built-in algorithm" if a.builtin else "SageMaker")
    parts = [f"# {a.name}", f"*{subtitle}*" + ("" if a.builtin else
                                               " - a framework path, not a built-in"),
             a.summary,
             f"**Learning:** {', '.join(a.learning_types)}  \n"
             f"**Problems:** {', '.join(p.replace('_', ' ') for p in a.problem_types)}  \n"
             f"**Data:** {', '.join(d.replace('_', ' ') for d in a.data_types)}",
             "## Typical uses", _bullets(a.use_cases),
             "## Input",
             f"**Channels:** {', '.join(a.channels)}  \n"
             f"**Input modes:** {' and '.join(a.input_modes)}",
             _bullets(f"`{f.content_type}` ({', '.join(f.modes)})"
                      + (f" - {f.note}" if f.note else "") for f in a.training_input),
             f"**Inference content types:** "
             f"{', '.join(f'`{c}`' for c in a.inference_content_types) or 'n/a'}  \n"
             f"**Inference output:** {a.inference_output}",
             "## Hyperparameters"]
    if a.required_hyperparameters:
        parts.append("**Required**")
        parts.append(_bullets(
            f"`{h.name}` - {h.meaning}" + (f"; start: {h.start}" if h.start else "")
            + (f" *(when {h.when})*" if h.when else "") for h in a.required_hyperparameters))
    if a.hyperparameter_note:
        parts.append(a.hyperparameter_note)
    parts.append("**Key settings**")
    parts.append(_bullets(
        f"`{h.name}` - {h.meaning}" + (f"; start: {h.start}" if h.start else "")
        + ({"higher": " (higher is more conservative)",
            "lower": " (lower is more conservative)"}.get(h.conservative, ""))
        for h in a.key_hyperparameters))
    parts += ["## Instances",
              f"**Training:** {_GPU[inst.gpu_training]}; "
              f"multi-GPU {'helps' if inst.multi_gpu else 'does not help'}; "
              f"multi-instance {'yes' if inst.multi_instance else 'no'}.  \n{inst.training}",
              f"**Inference:** {inst.inference}",
              f"**Suggested:** training {', '.join(inst.suggested_training) or '-'}; "
              f"inference {', '.join(inst.suggested_inference) or '-'}",
              f"**Distributed training:** {a.distributed_note}",
              f"**Incremental training:** {_INCREMENTAL[a.incremental_training]}"
              + (f". {a.incremental_note}" if a.incremental_note else ""),
              "## Metrics"]
    if a.objective_metrics:
        parts.append(_bullets(f"`{m.name}` ({m.direction})" + (f": {m.note}" if m.note else "")
                              for m in a.objective_metrics))
    if a.metric_note:
        parts.append(a.metric_note)
    parts += ["## Pitfalls", _bullets(a.pitfalls), "## Alternatives",
              _bullets(f"**{name(x.ref) if x.in_catalog else x.ref}** - {x.how_to_tell}"
                       for x in a.alternatives)]
    if a.corrections:
        parts.append("## What changed since older study material")
        parts.append(_bullets(f"Older: *{c.older_claim}*. Current: {c.current_fact} "
                              f"(source: {c.source})" for c in a.corrections))
    parts.append(f"<small>Sources: {', '.join(a.sources)}</small>")
    return "\n\n".join(parts)


def service_markdown(s: Service, catalog: Catalog | None = None) -> str:
    """A managed service card as Markdown."""
    name = (lambda i: catalog.name(i)) if catalog else (lambda i: i)
    parts = [f"# {s.name}", "*Managed AWS AI service - no model to train*", s.summary]
    if s.status != "available":
        parts.append(f"**Status:** {s.status_note or s.status}")
    parts += ["## Typical uses", _bullets(s.use_cases),
              "## Prefer it when", _bullets(s.prefer_when),
              "## Train your own model instead when", _bullets(s.choose_custom_when)]
    if s.replaces:
        parts.append("**Can replace:** " + ", ".join(name(r) for r in s.replaces))
    if s.corrections:
        parts.append("## What changed since older study material")
        parts.append(_bullets(f"Older: *{c.older_claim}*. Current: {c.current_fact}"
                              for c in s.corrections))
    parts.append(f"<small>Sources: {', '.join(s.sources)}</small>")
    return "\n\n".join(parts)


def card_markdown(item: Algorithm | Service, catalog: Catalog | None = None) -> str:
    """Card for either kind of item."""
    if isinstance(item, Algorithm):
        return algorithm_markdown(item, catalog)
    return service_markdown(item, catalog)
