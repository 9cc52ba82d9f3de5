"""``catalog``, ``show`` and ``check``: what the knowledge base holds, and whether it loads."""

from __future__ import annotations

import argparse

from sagewise.knowledge.cli.common import UsageError, add_command


def cmd_catalog(args: argparse.Namespace) -> dict:
    """List every algorithm and managed service."""
    from sagewise.knowledge.catalog import load_catalog

    c = load_catalog()
    return {"algorithms": [{"id": a.id, "name": a.name, "family": a.family,
                            "problem_types": list(a.problem_types)} for a in c.algorithms.values()],
            "services": [{"id": s.id, "name": s.name, "status": s.status}
                         for s in c.services.values()]}


def text_catalog(out: dict) -> str:
    """Readable catalog listing."""
    lines = ["Algorithms:"]
    lines += [f"  {a['id']:<24} {a['name']}" for a in out["algorithms"]]
    lines.append("Managed services:")
    lines += [f"  {s['id']:<24} {s['name']}"
              + ("" if s["status"] == "available" else f"  ({s['status']})")
              for s in out["services"]]
    return "\n".join(lines)


def cmd_show(args: argparse.Namespace) -> dict:
    """Everything the catalog knows about one id."""
    from dataclasses import asdict

    from sagewise.knowledge.catalog import load_catalog

    c = load_catalog()
    if args.id not in c:
        raise UsageError("ID", f"unknown id '{args.id}' (see: python -m knowledge catalog)")
    return asdict(c.get(args.id))


def text_show(out: dict) -> str:
    """Readable details (key: value lines)."""
    lines = []
    for k, v in out.items():
        if isinstance(v, (list, tuple)):
            if not v:
                continue
            lines.append(f"{k}:")
            for item in v:
                if isinstance(item, dict):
                    lines.append("  - " + "; ".join(f"{a}={b}" for a, b in item.items() if b))
                else:
                    lines.append(f"  - {item}")
        elif isinstance(v, dict):
            lines.append(f"{k}:")
            lines += [f"  {a}: {b}" for a, b in v.items()]
        else:
            lines.append(f"{k}: {v}")
    return "\n".join(lines)


def cmd_check(args: argparse.Namespace) -> dict:
    """Load and cross-check every data file."""
    import networkx as nx
    from sagewise.knowledge.catalog import load_catalog
    from sagewise.knowledge.decision import build_graph, load_decision
    from sagewise.knowledge.describe import load_cues
    from sagewise.knowledge.metrics import load_metrics
    from sagewise.knowledge.troubleshoot import load_troubles

    c = load_catalog()
    dd = load_decision()
    g = build_graph(dd)
    return {"ok": True, "algorithms": len(c.algorithms), "services": len(c.services),
            "questions": len(dd.questions), "candidate_sets": len(dd.sets),
            "graph_nodes": g.number_of_nodes(), "graph_edges": g.number_of_edges(),
            "graph_acyclic": nx.is_directed_acyclic_graph(g),
            "metrics": len(load_metrics().metrics), "troubleshooting": len(load_troubles()),
            "cues": len(load_cues().cues)}


def text_check(out: dict) -> str:
    """Readable check summary."""
    return "Data OK: " + ", ".join(f"{k} {v}" for k, v in out.items() if k != "ok")


def register(sub) -> dict:
    """Add ``catalog``, ``show`` and ``check``; return their handlers and renderers."""
    add_command(sub, "catalog", "List algorithms and managed services")
    p = add_command(sub, "show", "Show everything about one algorithm or service")
    p.add_argument("id", metavar="ID")
    add_command(sub, "check", "Validate every data file")
    return {"catalog": (cmd_catalog, text_catalog), "show": (cmd_show, text_show),
            "check": (cmd_check, text_check)}
