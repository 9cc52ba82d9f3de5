"""Command line: ``python -m knowledge <command> ... [--json]``.

Every command prints one JSON object with ``--json`` (readable text without it) and
exits 0. A bad or missing argument exits 2 with one line on stderr naming the argument.
Invalid data files exit 1 with the loader's message (file, entry, field).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import NoReturn

from knowledge import __version__
from knowledge.errors import InputError, KnowledgeError

MAX_ANSWERS_BYTES = 1_000_000


class UsageError(Exception):
    """A bad argument: reported on one line, exit code 2."""

    def __init__(self, argument: str, message: str) -> None:
        super().__init__(f"argument {argument}: {message}")


class Parser(argparse.ArgumentParser):
    """ArgumentParser whose errors are one line and exit 2."""

    def error(self, message: str) -> NoReturn:
        """Print one line naming the problem and exit 2."""
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        raise SystemExit(2)


# ---------------------------------------------------------------- recommend


def _read_answers(path: str) -> dict[str, str]:
    p = Path(path)
    if not p.is_file():
        raise UsageError("--answers", f"file not found: {path}")
    if p.stat().st_size > MAX_ANSWERS_BYTES:
        raise UsageError("--answers", f"{path} is too large for an answers file")
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise UsageError("--answers", f"{path} is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise UsageError("--answers", f"{path} is not valid JSON (line {exc.lineno}, "
                         f"column {exc.colno}: {exc.msg})") from None
    if isinstance(data, dict) and isinstance(data.get("answers"), dict):
        data = data["answers"]
    if not isinstance(data, dict):
        raise UsageError("--answers", f"{path} must hold a JSON object of question: answer")
    return data


def _parse_set(values: list[str]) -> dict[str, str]:
    out = {}
    for v in values or []:
        if "=" not in v or not v.split("=", 1)[0] or not v.split("=", 1)[1]:
            raise UsageError("--set", f"expected QUESTION=ANSWER (got '{v}')")
        q, a = v.split("=", 1)
        out[q.strip()] = a.strip()
    return out


def _check_set(extra: dict[str, str]) -> None:
    from knowledge.decision import load_decision
    from knowledge.metrics import load_metrics
    from knowledge.recommend import split_answers

    try:
        split_answers(extra, load_decision(), load_metrics())
    except KnowledgeError as exc:
        raise UsageError("--set", str(exc)) from None


def cmd_recommend(args: argparse.Namespace) -> dict:
    """Recommend from a description or an answers file (``--set`` adds answers)."""
    from knowledge.recommend import recommend, recommend_description

    extra = _parse_set(args.set)
    if extra:
        _check_set(extra)
    if args.describe is not None:
        try:
            d, rec = recommend_description(args.describe, extra)
        except KnowledgeError as exc:
            raise UsageError("--describe", str(exc)) from None
        out = rec.to_dict()
        out["suggestions"] = [s.to_dict() for s in d.suggestions]
        if d.alternative:
            out["alternative_answers"] = d.alternative
    else:
        answers = {**_read_answers(args.answers), **extra}
        try:
            rec = recommend(answers)
        except KnowledgeError as exc:
            raise UsageError("--answers", str(exc)) from None
        out = rec.to_dict()
    out["version"] = __version__
    return out


def text_recommend(out: dict) -> str:
    """Readable form of a recommendation."""
    lines = []
    if out.get("suggestions"):
        lines.append("Suggested answers from your description:")
        for s in out["suggestions"]:
            ev = "; ".join(s["evidence"][:3])
            lines.append(f"  {s['question']} = {s['answer']}  ({s['source']}: {ev})")
    if out["path"]:
        lines.append("Path: " + " | ".join(out["path"]))
    lines.append("")
    lines.append("Recommendations (best first):")
    for i, r in enumerate(out["recommendations"][:6], 1):
        lines.append(f"{i}. {r['name']} [{r['algorithm']}]  score {r['score']:.2f}")
        for reason in r["reasons"]:
            lines.append(f"     - {reason}")
    if out["ruled_out"]:
        lines.append("Ruled out:")
        for r in out["ruled_out"]:
            lines.append(f"  x {r['name']}: {'; '.join(r['why_not'])}")
    m = out["metric"]
    lines.append("")
    lines.append(f"Judge it by: {m['name']} ({m['direction']}) - {m['why']}")
    if m.get("sagemaker_objective"):
        lines.append(f"  SageMaker tuning objective: {m['sagemaker_objective']}")
    if m.get("objective_note"):
        lines.append(f"  ({m['objective_note']})")
    for a in m.get("assumptions", []):
        lines.append(f"  (assumption: {a})")
    nq = out["next_question"]
    if nq:
        opts = ", ".join(a["id"] for a in nq["answers"])
        lines.append(f"\nNext question: {nq['prompt']} [{nq['id']}: {opts}]")
    for n in out.get("notes", []):
        lines.append(f"Note: {n}")
    return "\n".join(lines)


# ---------------------------------------------------------------- catalog / show / check


def cmd_catalog(args: argparse.Namespace) -> dict:
    """List every algorithm and managed service."""
    from knowledge.catalog import load_catalog

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

    from knowledge.catalog import load_catalog

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

    from knowledge.catalog import load_catalog
    from knowledge.decision import build_graph, load_decision
    from knowledge.describe import load_cues
    from knowledge.metrics import load_metrics
    from knowledge.troubleshoot import load_troubles

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


# ---------------------------------------------------------------- metrics helpers


def _count_arg(name: str, raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise UsageError(name, f"must be a whole number (got '{raw}')") from None
    if math.isnan(value):
        raise UsageError(name, "must be a whole number (got NaN)")
    return value


def cmd_confusion(args: argparse.Namespace) -> dict:
    """Confusion-matrix measures from four counts."""
    from knowledge.metrics import confusion_metrics, load_metrics

    counts = {n: _count_arg(f"--{n}", getattr(args, n)) for n in ("tp", "fp", "fn", "tn")}
    try:
        values = confusion_metrics(**counts)
    except InputError as exc:
        raise UsageError(f"--{exc.field}", exc.detail) from None
    formulas = {c.id: c.formula for c in load_metrics().confusion}
    return {"counts": {k: int(v) for k, v in counts.items()}, "metrics": values,
            "formulas": formulas}


def text_confusion(out: dict) -> str:
    """Readable confusion measures."""
    lines = []
    for k, v in out["metrics"].items():
        shown = "undefined (division by zero)" if v is None else f"{v:.4f}"
        lines.append(f"{k:<18} {shown:<30} {out['formulas'].get(k, '')}")
    return "\n".join(lines)


def cmd_troubleshoot(args: argparse.Namespace) -> dict:
    """Search the troubleshooting table."""
    from knowledge.troubleshoot import load_troubles, search

    if not args.symptom.strip():
        raise UsageError("SYMPTOM", "must not be empty")
    hits = search(load_troubles(), args.symptom)
    return {"matches": [{"id": t.id, "symptom": t.symptom, "causes": list(t.causes),
                         "remedies": list(t.remedies)} for t in hits[:5]]}


def text_troubleshoot(out: dict) -> str:
    """Readable troubleshooting matches."""
    if not out["matches"]:
        return "No matching symptom. Try other words (e.g. 'overfitting', 'loss oscillating')."
    lines = []
    for m in out["matches"][:3]:
        lines.append(m["symptom"])
        lines += [f"  cause:  {c}" for c in m["causes"]]
        lines += [f"  remedy: {r}" for r in m["remedies"]]
        lines.append("")
    return "\n".join(lines).rstrip()


# ---------------------------------------------------------------- size

# Engine field name -> the flag a user typed (when they differ from --field-name).
_FLAG = {"headroom_pct": "--headroom", "sequence_length": "--seq-len",
         "unique_entities": "--unique-entities"}


def _flag(field: str) -> str:
    return _FLAG.get(field, "--" + field.replace("_", "-"))


def _sizing(call):
    try:
        return call()
    except InputError as exc:
        raise UsageError(_flag(exc.field), exc.detail) from None


def cmd_size(args: argparse.Namespace) -> dict:
    """Dispatch ``size <calculator>``."""
    calc = args.calculator
    if calc == "kinesis":
        from knowledge.sizing.kinesis import size_stream

        return _sizing(lambda: size_stream(
            record_kb=args.record_kb, write_mb_per_second=args.write_mb_per_second,
            records_per_second=args.records_per_second, consumers=args.consumers,
            efo_consumers=args.efo_consumers, headroom_pct=args.headroom, mode=args.mode,
            round_record_up=args.round_record_size)).to_dict()
    if calc == "spice":
        from knowledge.sizing.spice import check_dataset

        values = {"rows": args.rows, "size_gb": args.size_gb, "columns": args.columns,
                  "longest_column_name": args.longest_column_name,
                  "longest_field": args.longest_field, "manifest_files": args.manifest_files}
        measured = None
        if args.file:
            from knowledge.sizing.spice_file import measure_file

            try:
                measured = measure_file(args.file)
            except KnowledgeError as exc:
                raise UsageError("--file", str(exc)) from None
            auto = {"rows": measured.rows, "size_gb": measured.spice_gb_estimate,
                    "columns": measured.columns,
                    "longest_column_name": measured.longest_column_name,
                    "longest_field": measured.longest_field}
            values = {k: (auto.get(k) if v is None else v) for k, v in values.items()}
        out = _sizing(lambda: check_dataset(edition=args.edition, **values)).to_dict()
        if measured is not None:
            out["file"] = measured.to_dict()
        return out
    if calc == "scaling":
        from knowledge.sizing.scaling import scale

        return _sizing(lambda: scale(
            base_lr=args.base_lr, base_batch=args.base_batch, new_batch=args.new_batch,
            per_device_batch=args.per_device_batch, devices=args.devices,
            instances=args.instances, rule=args.rule, warmup_epochs=args.warmup_epochs,
            optimizer=args.optimizer, algorithm=args.algorithm,
            sequence_length=args.seq_len)).to_dict()
    if calc == "endpoint":
        from knowledge.sizing.endpoint import autoscaling

        return _sizing(lambda: autoscaling(max_rps=args.max_rps, safety_factor=args.safety_factor,
                                           peak_rps=args.peak_rps,
                                           per_minute=args.per_minute)).to_dict()
    if calc == "hyperparams":
        from knowledge.sizing import hyperparams as hp

        given = [n for n in ("unique_entities", "anomaly_ratio") if getattr(args, n) is not None]
        pair = args.negatives is not None or args.positives is not None
        if len(given) + pair != 1:
            raise UsageError("--unique-entities", "give exactly one of --unique-entities, "
                             "--anomaly-ratio, or --negatives with --positives")
        if given == ["unique_entities"]:
            return _sizing(lambda: hp.ip_insights_entity_vectors(args.unique_entities))
        if given == ["anomaly_ratio"]:
            return _sizing(lambda: hp.rcf_samples_per_tree(args.anomaly_ratio))
        if args.negatives is None or args.positives is None:
            missing = "--negatives" if args.negatives is None else "--positives"
            raise UsageError(missing, "is required with the other count")
        return _sizing(lambda: hp.xgboost_scale_pos_weight(args.negatives, args.positives))
    if calc == "instances":
        from knowledge.sizing.instances import recommend_instances

        return _sizing(lambda: recommend_instances(
            algorithm=args.algorithm, phase=args.phase, dataset_gb=args.dataset_gb,
            gpu=args.gpu, mode=args.mode, hours=args.hours,
            max_price=args.max_price, priority=args.priority)).to_dict()
    raise UsageError("CALCULATOR", f"unknown calculator '{calc}'")  # pragma: no cover


def text_size(out: dict) -> str:
    """Readable calculator output: the headline numbers, then notes and warnings."""
    from knowledge.sizing.report import (
        num,  # lazy: other commands skip the sizing imports
    )

    lines = []
    for key, value in out.items():
        if isinstance(value, (list, dict)):
            continue
        lines.append(f"{key}: {num(value) if isinstance(value, float) else value}")
    for c in out.get("checks", []):
        mark = "ok  " if c["ok"] else ("WARN" if c["severity"] == "warning" else "FAIL")
        lines.append(f"  [{mark}] {c['label']}: {num(c['value'])} (limit {num(c['limit'])})")
    instances = out.get("instances")
    for i in instances if isinstance(instances, list) else []:
        price = "price unknown" if i["price_usd_per_hour"] is None else \
            f"${i['price_usd_per_hour']:.3f}/h"
        lines.append(f"  {i['count']} x {i['type']:<18} {i['vcpu']:>3} vCPU {i['memory_gib']:>7g} "
                     f"GiB {i['gpus']} GPU  {price}  {'; '.join(i['reasons'])}")
    for w in out.get("warnings", []):
        lines.append(f"warning: {w}")
    for n in out.get("notes", []):
        lines.append(f"note: {n}")
    return "\n".join(lines)


# ---------------------------------------------------------------- demo


def _k_range(text: str) -> tuple[int, int]:
    try:
        lo, hi = (int(v) for v in text.split(".."))
    except ValueError:
        raise UsageError("--elbow", f"expected KMIN..KMAX such as 1..12 (got '{text}')") \
            from None
    if lo < 1 or hi < lo or hi > 50:
        raise UsageError("--elbow", f"needs 1 <= KMIN <= KMAX <= 50 (got {lo}..{hi})")
    return lo, hi


def _demo_kmeans(args: argparse.Namespace) -> dict:
    from knowledge.sim import kmeans as km
    from knowledge.sim.points import load_points

    if args.data:
        X = load_points(args.data, "data")
    else:
        if args.points is None:
            raise UsageError("--points", "give --points N (generated blobs) or --data FILE")
        if not math.isfinite(args.points) or args.points != int(args.points):
            raise UsageError("--points", f"must be a whole number (got {args.points:g})")
        # without --clusters, generate k blobs (within what make_blobs allows), so a bad
        # --k is reported as --k, not as a --clusters the user never gave
        clusters = args.clusters or max(1, min(args.k or 4, 100, int(args.points)))
        X, _ = km.make_blobs(int(args.points), int(clusters), seed=args.seed)
    if args.elbow:
        lo, hi = _k_range(args.elbow)
        wcss = km.wcss_curve(X, lo, hi, seed=args.seed)
        return {"wcss": {str(k): v for k, v in wcss.items()}, "elbow": km.elbow_k(wcss),
                "points": len(X)}
    if args.k is None:
        raise UsageError("--k", "give --k K (or --elbow KMIN..KMAX)")
    if args.init_centers:
        centers = load_points(args.init_centers, "init_centers")
        if len(centers) != args.k:
            raise UsageError("--init-centers", f"has {len(centers)} rows but --k is {args.k}")
        km.check_k(args.k, len(X))
        r = km.lloyd(X, centers)
    elif args.mode != "lloyd":
        from knowledge.sim import minibatch as mb

        if args.mode == "minibatch":
            m = mb.minibatch_kmeans(X, args.k, args.mini_batch_size, args.batches, args.init,
                                    args.seed)
            return {"inertia": m.inertia, "centers": m.centers.tolist(),
                    "iterations": m.steps, "k": args.k, "points": len(X), "mode": args.mode,
                    "mini_batch_size": args.mini_batch_size}
        s = mb.sagemaker_kmeans(X, args.k, args.extra_center_factor, args.mini_batch_size,
                                args.batches, args.init, args.seed)
        return {"inertia": s.inertia, "centers": s.centers.tolist(),
                "iterations": s.big.steps + s.reduce_iterations, "k": args.k,
                "points": len(X), "mode": args.mode,
                "extra_center_factor": args.extra_center_factor,
                "mini_batch_size": args.mini_batch_size,
                "pass_centers": len(s.big.centers), "reduce_iterations": s.reduce_iterations,
                "cluster_sizes": s.weights.astype(int).tolist()}
    else:
        r = km.kmeans(X, args.k, init=args.init, seed=args.seed)
    return {"inertia": r.inertia, "centers": r.centers.tolist(), "iterations": r.iterations,
            "converged": r.converged, "k": args.k, "points": len(X), "mode": args.mode}


def _demo_qlearning(args: argparse.Namespace) -> dict:
    from knowledge.sim.gridworld import load_layout, load_presets
    from knowledge.sim.qlearning import Agent

    world = load_layout(args.layout) if args.layout else load_presets()[args.env]
    if args.episodes < 0 or args.episodes > 10_000_000:
        raise UsageError("--episodes", f"must be from 0 to 10,000,000 (got {args.episodes})")
    agent = Agent(world, args.agent, alpha=args.alpha, gamma=args.gamma, epsilon=args.epsilon,
                  epsilon_decay=args.epsilon_decay, epsilon_min=args.epsilon_min,
                  seed=args.seed)
    agent.train(args.episodes)
    ret, path, ended = agent.greedy_rollout()
    outcome = agent.rollout_outcome(path, ended)
    out = {"env": world.id, "agent": args.agent, "episodes": args.episodes,
           "greedy_return": ret, "greedy_path": [list(p) for p in path],
           "greedy_outcome": outcome, "greedy_reached_end": outcome == "goal",
           "returns": agent.returns,
           "mean_return_last_100": (sum(agent.returns[-100:]) / min(100, len(agent.returns))
                                    if agent.returns else None),
           "alpha": agent.alpha, "gamma": agent.gamma, "epsilon_final": agent.epsilon}
    if world.slip:
        out["greedy_success_rate"] = agent.greedy_success_rate()
    return out


def cmd_demo(args: argparse.Namespace) -> dict:
    """Headless demos."""
    try:
        if args.demo == "qlearning":
            return _demo_qlearning(args)
        return _demo_kmeans(args)
    except InputError as exc:
        flag = {"steps": "--batches"}.get(exc.field, "--" + exc.field.replace("_", "-"))
        raise UsageError(flag, exc.detail) from None


def text_demo(out: dict) -> str:
    """Readable demo output."""
    if "greedy_return" in out:
        rets = out["returns"]
        lines = [f"{out['agent']} on {out['env']}: {out['episodes']} episodes",
                 f"greedy return: {out['greedy_return']:g} (ended: {out['greedy_outcome']})",
                 "greedy path: " + " ".join(f"({r},{c})" for r, c in out["greedy_path"])]
        if "greedy_success_rate" in out:
            lines.append(f"greedy success rate over 200 slippery tries: "
                         f"{out['greedy_success_rate']:.0%}")
        if rets:
            lines.append(f"mean return, last {min(100, len(rets))} episodes: "
                         f"{out['mean_return_last_100']:.2f}")
        return "\n".join(lines)
    if "wcss" in out:
        rows = [f"k={k:>3}  WCSS {v:,.2f}" for k, v in out["wcss"].items()]
        return "\n".join([*rows, f"elbow: k = {out['elbow']}"])
    inertia = out["inertia"]
    shown = inertia if len(inertia) <= 12 else [*inertia[:5], *inertia[-5:]]
    head = f"{out['mode']}: {out['iterations']} iteration(s)"
    if "converged" in out:
        head += f", converged: {out['converged']}"
    if "pass_centers" in out:
        head += (f"; {out['pass_centers']} centres during the pass, reduced to {out['k']} in "
                 f"{out['reduce_iterations']} weighted Lloyd iteration(s)")
    lines = [head, "inertia: " + ", ".join(f"{v:,.2f}" for v in shown)
             + (" (first and last five)" if len(inertia) > 12 else ""),
             f"final inertia: {inertia[-1]:,.2f}", "centers:"]
    lines += ["  " + ", ".join(f"{x:.4f}" for x in c) for c in out["centers"]]
    return "\n".join(lines)


# ---------------------------------------------------------------- main

COMMANDS = {
    "recommend": (cmd_recommend, text_recommend),
    "catalog": (cmd_catalog, text_catalog),
    "show": (cmd_show, text_show),
    "check": (cmd_check, text_check),
    "confusion": (cmd_confusion, text_confusion),
    "troubleshoot": (cmd_troubleshoot, text_troubleshoot),
    "size": (cmd_size, text_size),
    "demo": (cmd_demo, text_demo),
}


def _command(subparsers, name: str, help_text: str, description: str = "") -> Parser:
    """A sub-command; every one accepts --json."""
    p = subparsers.add_parser(name, help=help_text, description=description or help_text)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    return p


def build_parser() -> Parser:
    """The argument parser (sub-commands share --json)."""
    parser = Parser(prog="python -m knowledge",
                    description="SageWise knowledge engine: recommend SageMaker algorithms.")
    parser.add_argument("--version", action="version", version=f"sagewise {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    sub.required = True

    def add(name: str, help_text: str) -> Parser:
        return _command(sub, name, help_text)

    p = add("recommend", "Recommend algorithms from a description or from answers")
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--describe", metavar="TEXT", help="plain-English problem description")
    src.add_argument("--answers", metavar="FILE", help="JSON file of question: answer")
    p.add_argument("--set", action="append", metavar="Q=A",
                   help="add or override one answer (repeatable)")
    add("catalog", "List algorithms and managed services")
    p = add("show", "Show everything about one algorithm or service")
    p.add_argument("id", metavar="ID")
    add("check", "Validate every data file")
    p = add("confusion", "Accuracy, precision, recall ... from a confusion matrix")
    for n in ("tp", "fp", "fn", "tn"):
        p.add_argument(f"--{n}", required=True, metavar="N")
    p = add("troubleshoot", "Find causes and remedies for a training symptom")
    p.add_argument("symptom", metavar="SYMPTOM")
    _add_size(sub)
    _add_demo(sub)
    return parser


def _add_demo(sub) -> None:
    demo = sub.add_parser("demo", help="Headless demos", description="Headless demos")
    demos = demo.add_subparsers(dest="demo", metavar="DEMO", parser_class=Parser)
    demos.required = True
    p = _command(demos, "kmeans", "k-means (Lloyd) and the elbow",
                 "k-means on generated blobs or a CSV of numbers")
    data = p.add_mutually_exclusive_group(required=True)
    data.add_argument("--points", type=float, metavar="N", help="generate N points in blobs")
    data.add_argument("--data", metavar="FILE.csv", help="CSV of numeric columns")
    p.add_argument("--clusters", type=int, metavar="C",
                   help="blobs to generate (default: K, or 4 with --elbow)")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--k", type=int, metavar="K")
    which.add_argument("--elbow", metavar="KMIN..KMAX")
    p.add_argument("--init", choices=("random", "kmeans++"), default="kmeans++")
    p.add_argument("--init-centers", metavar="FILE.csv", help="start Lloyd from these centres")
    p.add_argument("--mode", choices=("lloyd", "minibatch", "sagemaker"), default="lloyd",
                   help="Lloyd; Sculley's mini-batch; or SageMaker's extra centres + reduce")
    p.add_argument("--extra-center-factor", type=int, default=4, metavar="X",
                   help="SageMaker mode: K = k x X centres during the pass (default 4)")
    p.add_argument("--mini-batch-size", type=int, default=1000, metavar="B")
    p.add_argument("--batches", type=int, default=100, metavar="N",
                   help="mini-batch steps (default 100)")
    p.add_argument("--seed", type=int, default=0)

    p = _command(demos, "qlearning", "Tabular Q-learning / SARSA on a grid world",
                 "Train on a grid world and report the greedy policy")
    p.add_argument("--env", choices=("cliff", "maze", "frozen4", "frozen8", "empty"),
                   default="cliff")
    p.add_argument("--layout", metavar="FILE.json", help="a saved layout instead of --env")
    p.add_argument("--agent", choices=("qlearning", "sarsa"), default="qlearning")
    p.add_argument("--episodes", type=int, default=500)
    p.add_argument("--alpha", type=float, default=0.5, help="learning rate, (0, 1]")
    p.add_argument("--gamma", type=float, help="discount, [0, 1] (default: the grid's)")
    p.add_argument("--epsilon", type=float, default=0.1, help="exploration rate, [0, 1]")
    p.add_argument("--epsilon-decay", type=float, default=1.0,
                   help="multiply epsilon by this after each episode")
    p.add_argument("--epsilon-min", type=float, default=0.0)
    p.add_argument("--seed", type=int, default=0)


def _add_size(sub) -> None:
    size = sub.add_parser("size", help="Sizing calculators",
                          description="Sizing calculators (each accepts --json)")
    calcs = size.add_subparsers(dest="calculator", metavar="CALCULATOR", parser_class=Parser)
    calcs.required = True

    def calc(name: str, help_text: str) -> Parser:
        return _command(calcs, name, help_text)

    p = calc("kinesis", "Kinesis Data Streams shards (KiB units)")
    rate = p.add_mutually_exclusive_group(required=True)
    rate.add_argument("--record-kb", type=float, metavar="KB", help="average record size, KiB")
    rate.add_argument("--write-mb-per-second", type=float, metavar="MB",
                      help="total write rate, MiB/s")
    p.add_argument("--records-per-second", type=float, required=True, metavar="N")
    p.add_argument("--consumers", type=float, default=1, metavar="N",
                   help="shared-throughput (GetRecords) consumers (default 1)")
    p.add_argument("--efo-consumers", type=float, default=0, metavar="N",
                   help="enhanced fan-out consumers (default 0)")
    p.add_argument("--headroom", type=float, default=0, metavar="PCT", help="extra capacity %%")
    p.add_argument("--mode", choices=("provisioned", "on-demand"), default="provisioned")
    p.add_argument("--round-record-size", action="store_true",
                   help="round the record size up to a whole KiB first")

    p = calc("spice", "QuickSight SPICE quota checks")
    p.add_argument("--edition", choices=("standard", "enterprise"), required=True)
    p.add_argument("--rows", type=float, metavar="N")
    p.add_argument("--size-gb", type=float, metavar="G")
    p.add_argument("--columns", type=float, metavar="N")
    p.add_argument("--longest-column-name", type=float, metavar="N")
    p.add_argument("--longest-field", type=float, metavar="N")
    p.add_argument("--manifest-files", type=float, metavar="N")
    p.add_argument("--file", metavar="PATH", help="measure a CSV or Parquet file")

    p = calc("scaling", "Batch size and learning-rate scaling")
    p.add_argument("--base-lr", type=float, required=True, metavar="LR")
    p.add_argument("--base-batch", type=float, required=True, metavar="B")
    p.add_argument("--new-batch", type=float, metavar="B")
    p.add_argument("--per-device-batch", type=float, metavar="b")
    p.add_argument("--devices", type=float, metavar="d")
    p.add_argument("--instances", type=float, default=1, metavar="n")
    p.add_argument("--rule", choices=("linear", "sqrt", "none"), default="linear")
    p.add_argument("--warmup-epochs", type=float, metavar="E")
    p.add_argument("--optimizer", choices=("sgd", "adam"), default="sgd")
    p.add_argument("--algorithm", metavar="ID")
    p.add_argument("--seq-len", type=float, metavar="T", help="tokens per example (LLMs)")

    p = calc("endpoint", "Endpoint auto scaling target")
    p.add_argument("--max-rps", type=float, required=True, metavar="R")
    p.add_argument("--safety-factor", type=float, metavar="S")
    p.add_argument("--peak-rps", type=float, metavar="P")
    p.add_argument("--per-minute", action="store_true",
                   help="the load test measured requests per minute (no x60)")

    p = calc("hyperparams", "IP Insights, RCF and XGBoost formulas")
    p.add_argument("--unique-entities", type=float, metavar="N")
    p.add_argument("--anomaly-ratio", type=float, metavar="R")
    p.add_argument("--negatives", type=float, metavar="N")
    p.add_argument("--positives", type=float, metavar="P")

    p = calc("instances", "Instance types for an algorithm")
    p.add_argument("--algorithm", required=True, metavar="ID")
    p.add_argument("--phase", choices=("training", "inference", "transform"), default="training")
    p.add_argument("--dataset-gb", type=float, metavar="G")
    p.add_argument("--gpu", choices=("allow", "require", "forbid"), default="allow")
    p.add_argument("--mode", choices=("File", "Pipe"), metavar="M")
    p.add_argument("--hours", type=float, metavar="H", help="job length for the cost estimate")
    p.add_argument("--max-price", type=float, metavar="USD", help="hourly budget per instance")
    p.add_argument("--priority", choices=("balanced", "latency", "throughput"),
                   default="balanced", help="for inference: low latency or high throughput")


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    run, render = COMMANDS[args.command]
    try:
        out = run(args)
    except UsageError as exc:
        sys.stderr.write(f"{parser.prog} {args.command}: error: {exc}\n")
        return 2
    except KnowledgeError as exc:
        sys.stderr.write(f"{parser.prog}: data error: {exc}\n")
        return 1
    if args.json:
        sys.stdout.write(json.dumps(out, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(render(out) + "\n")
    return 0
