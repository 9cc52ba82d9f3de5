"""``demo kmeans|qlearning|values``: the visual demos, headless."""

from __future__ import annotations

import argparse
import math
import sys
from dataclasses import replace

from sagewise.knowledge.bounded_read import short
from sagewise.knowledge.cli.common import Parser, UsageError, add_command
from sagewise.knowledge.errors import InputError
from sagewise.knowledge.wording import count

ENVS = ("cliff", "maze", "frozen4", "frozen8", "empty", "windy", "bookgrid", "bridgegrid",
        "cliffgrid", "discountgrid", "mazegrid")


def _progress(label: str):
    """A callable that reports a fraction on stderr, one line per tenth."""
    shown = [0]

    def report(fraction: float) -> None:
        tenth = int(fraction * 10 + 1e-9)
        if tenth > shown[0]:
            shown[0] = tenth
            sys.stderr.write(f"{label}: {tenth * 10}%\n")
            sys.stderr.flush()
    return report


def _check_cost(cost, flag: str, what: str, hint: str = " or use fewer points"):
    """Refuse work beyond the machine; return a progress reporter for long runs."""
    why = cost.too_big()
    if why:
        raise UsageError(flag, f"{what} {why}; lower {flag}{hint}")
    return _progress(f"{what} (about {cost.seconds:,.0f} s)") if cost.long else None


def _k_range(text: str) -> tuple[int, int]:
    try:
        lo, hi = (int(v) for v in text.split(".."))
    except ValueError:
        raise UsageError("--elbow", f"expected KMIN..KMAX such as 1..12 (got "
                         f"'{short(text, 20)}')") from None
    if lo < 1 or hi < lo or hi > 50:
        raise UsageError("--elbow", f"needs 1 <= KMIN <= KMAX <= 50 (got {lo}..{hi})")
    return lo, hi


def _check_kmeans_cost(args: argparse.Namespace, X) -> None:
    """Refuse a k-means run beyond the machine, naming the flag to lower."""
    from sagewise.knowledge.sim import budget
    from sagewise.knowledge.sim import minibatch as mb

    mode = "lloyd" if args.init_centers else args.mode
    if mode != "lloyd":
        if not 1 <= args.batches <= 1_000_000:
            raise UsageError("--batches", f"must be a whole number from 1 to 1,000,000 (got "
                             f"{short(args.batches, 20)})")
        if mode == "sagemaker":
            try:
                mb.check_factor(args.extra_center_factor)
            except InputError as exc:
                raise UsageError("--extra-center-factor", exc.detail) from None
    cost = budget.kmeans_cost(len(X), X.shape[1], args.k, mode, args.extra_center_factor,
                              args.batches)
    memory = cost.memory_bytes > budget.MAX_MEMORY_BYTES
    if mode == "sagemaker" and memory and args.extra_center_factor > 1:
        flag = "--extra-center-factor"
    elif mode != "lloyd" and not memory:
        flag = "--batches"
    else:
        flag = "--k"
    _check_cost(cost, flag, f"k-means ({mode}) with k={args.k} on {len(X):,} points")


def _demo_kmeans(args: argparse.Namespace) -> dict:
    from sagewise.knowledge.sim import budget
    from sagewise.knowledge.sim import kmeans as km
    from sagewise.knowledge.sim.points import load_points

    if args.seed < 0:
        raise UsageError("--seed", f"must be a whole number >= 0 (got {short(args.seed, 20)})")
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
        if hi > len(X):
            raise UsageError("--elbow", f"KMAX cannot exceed the number of points ({len(X):,})")
        progress = _check_cost(budget.elbow_cost(len(X), X.shape[1], lo, hi), "--elbow",
                               f"the elbow {lo}..{hi} on {len(X):,} points")
        found = km.elbow(X, lo, hi, seed=args.seed, progress=progress)
        return {"wcss": {str(k): v for k, v in found.wcss.items()}, "elbow": found.k,
                "points": len(X)}
    if args.k is None:
        raise UsageError("--k", "give --k K (or --elbow KMIN..KMAX)")
    if 1 <= args.k <= len(X):
        _check_kmeans_cost(args, X)
    if args.init_centers:
        centers = load_points(args.init_centers, "init_centers")
        if len(centers) != args.k:
            raise UsageError("--init-centers", f"has {len(centers)} rows but --k is {args.k}")
        km.check_k(args.k, len(X))
        r = km.lloyd(X, centers)
    elif args.mode != "lloyd":
        from sagewise.knowledge.sim import minibatch as mb

        if args.mode == "minibatch":
            m = mb.minibatch_kmeans(X, args.k, args.mini_batch_size, args.batches, args.init,
                                    args.seed, half_life=args.half_life_time_size)
            return {"inertia": m.inertia, "centers": m.centers.tolist(),
                    "iterations": m.steps, "k": args.k, "points": len(X), "mode": args.mode,
                    "mini_batch_size": args.mini_batch_size,
                    "half_life_time_size": args.half_life_time_size}
        s = mb.sagemaker_kmeans(X, args.k, args.extra_center_factor, args.mini_batch_size,
                                args.batches, args.init, args.seed,
                                half_life=args.half_life_time_size)
        return {"inertia": s.inertia, "centers": s.centers.tolist(),
                "iterations": s.big.steps + s.reduce_iterations, "k": args.k,
                "points": len(X), "mode": args.mode,
                "extra_center_factor": args.extra_center_factor,
                "mini_batch_size": args.mini_batch_size,
                "half_life_time_size": args.half_life_time_size,
                "pass_centers": len(s.big.centers), "reduce_iterations": s.reduce_iterations,
                "cluster_sizes": s.weights.astype(int).tolist()}
    else:
        r = km.kmeans(X, args.k, init=args.init, seed=args.seed)
    return {"inertia": r.inertia, "centers": r.centers.tolist(), "iterations": r.iterations,
            "converged": r.converged, "k": args.k, "points": len(X), "mode": args.mode}


def _world(args: argparse.Namespace):
    """The preset or layout, with --moves applied (windy worlds only)."""
    from sagewise.knowledge.sim.gridworld import load_layout, load_presets

    world = load_layout(args.layout) if args.layout else load_presets()[args.env]
    if args.moves is not None:
        if not world.wind:
            raise UsageError("--moves", "king's moves are for windy worlds (--env windy)")
        world = replace(world, moves=args.moves, _cache={})
    return world


def _demo_qlearning(args: argparse.Namespace) -> dict:
    from sagewise.knowledge.sim.budget import MAX_EPISODES, qlearning_cost
    from sagewise.knowledge.sim.qlearning import Agent

    world = _world(args)
    if args.episodes < 0 or args.episodes > MAX_EPISODES:
        raise UsageError("--episodes", f"must be from 0 to {MAX_EPISODES:,} (got "
                         f"{short(args.episodes, 20)})")
    agent = Agent(world, args.agent, alpha=args.alpha, gamma=args.gamma, epsilon=args.epsilon,
                  epsilon_decay=args.epsilon_decay, epsilon_min=args.epsilon_min,
                  seed=args.seed)
    progress = _check_cost(qlearning_cost(args.episodes, world.max_steps, world.n_states),
                           "--episodes", f"{args.episodes:,} episodes", hint="")
    if progress is None:
        agent.train(args.episodes)
    else:  # in tenths: the same episodes in the same order, so the same result
        done = 0
        for tenth in range(1, 11):
            agent.train(args.episodes * tenth // 10 - done)
            done = args.episodes * tenth // 10
            progress(tenth / 10)
    ret, path, ended = agent.greedy_rollout()
    outcome = agent.rollout_outcome(path, ended)
    out = {"env": world.id, "agent": args.agent, "episodes": args.episodes,
           "greedy_return": ret, "greedy_path": [list(p) for p in path],
           "greedy_outcome": outcome,
           "greedy_reached_end": outcome == "goal" or outcome.startswith("exit"),
           "returns": agent.returns,
           "mean_return_last_100": (sum(agent.returns[-100:]) / min(100, len(agent.returns))
                                    if agent.returns else None),
           "alpha": agent.alpha, "gamma": agent.gamma, "epsilon_final": agent.epsilon}
    if world.slip:
        out["greedy_success_rate"] = agent.greedy_success_rate()
    return out


def _demo_values(args: argparse.Namespace) -> dict:
    from sagewise.knowledge.sim.planning import plan

    world = _world(args)
    if args.iterations is not None and not 0 <= args.iterations <= 100_000:
        raise UsageError("--iterations", f"must be from 0 to 100,000 (got {args.iterations})")
    for flag, value in (("--gamma", args.gamma), ("--noise", args.noise),
                        ("--living-reward", args.living_reward)):
        if value is not None and not math.isfinite(value):
            raise UsageError(flag, f"must be a finite number (got {value})")
    p = plan(world, args.method, args.iterations, args.gamma, args.noise, args.living_reward)
    return {"env": world.id, "method": args.method, "values": p.value_grid(),
            "policy": p.policy_grid(), "ties": p.ties_grid(), "iterations": p.iterations,
            "sweeps": p.sweeps, "improvements": p.improvements, "converged": p.converged,
            "max_change": [h.max_change for h in p.history if h.phase != "improve"],
            "gamma": p.gamma, "noise": p.world.slip, "living_reward": p.world.step_reward}


def cmd_demo(args: argparse.Namespace) -> dict:
    """Headless demos."""
    try:
        if args.demo == "qlearning":
            return _demo_qlearning(args)
        if args.demo == "values":
            return _demo_values(args)
        return _demo_kmeans(args)
    except InputError as exc:
        flag = {"steps": "--batches", "slip": "--noise", "step_reward": "--living-reward",
                "rows": "--layout" if getattr(args, "layout", None) else "--env"}.get(
            exc.field, "--" + exc.field.replace("_", "-"))
        raise UsageError(flag, exc.detail) from None


def _cell(v: float | None) -> str:
    return "       #" if v is None else f"{v:8.2f}"


ARROWS = {"north": "^", "south": "v", "east": ">", "west": "<", "exit": "x",
          "northeast": "/", "southeast": "\\", "southwest": "/", "northwest": "\\",
          "stay": "o"}


def path_text(path, hit_limit: bool) -> str:
    """A greedy path as cells, with a loop summarised instead of printed a thousand times:
    a path that hits the step limit in a loop ends with 'A B repeated until the step
    limit'; runs of the same cell read '(0,4) x5'."""
    cells = [f"({r},{c})" for r, c in path]
    if hit_limit:
        seen: dict[str, int] = {}
        for j, cell in enumerate(cells):
            if cell in seen:
                i = j - seen[cell]  # period of the loop that starts at seen[cell]
                start = seen[cell]
                tail = cells[start:]
                if all(tail[n] == tail[n % i] for n in range(len(tail))):
                    loop = " ".join(cells[start:j])
                    return (" ".join(cells[:start] + [f"then {loop}" if start else loop])
                            + f" repeated until the step limit ({count(len(path) - 1, 'step')})")
                break
            seen[cell] = j
    out: list[str] = []
    n = 0
    while n < len(cells):
        run = 1
        while n + run < len(cells) and cells[n + run] == cells[n]:
            run += 1
        out.append(cells[n] + (f" x{run}" if run > 1 else ""))
        n += run
    return " ".join(out)


def text_demo(out: dict) -> str:
    """Readable demo output."""
    if "values" in out:
        step = "sweep" if out["method"] == "value-iteration" else "improvement"
        head = (f"{out['method']} on {out['env']}: {count(out['iterations'], step)}"
                f"{', converged' if out['converged'] else ''} (gamma {out['gamma']:g}, noise "
                f"{out['noise']:g}, living reward {out['living_reward']:g})")
        rows = ["".join(_cell(v) for v in vr) + "   "
                + " ".join("#" if v is None else "." if a is None else ARROWS[a]
                           for v, a in zip(vr, pr, strict=True))
                for vr, pr in zip(out["values"], out["policy"], strict=True)]
        return "\n".join([head, *rows])
    if "greedy_return" in out:
        rets = out["returns"]
        lines = [f"{out['agent']} on {out['env']}: {out['episodes']} episodes",
                 f"greedy return: {out['greedy_return']:g} (ended: {out['greedy_outcome']})",
                 "greedy path: " + path_text(out["greedy_path"],
                                             out["greedy_outcome"] == "step limit")]
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
    head = f"{out['mode']}: {count(out['iterations'], 'iteration')}"
    if "converged" in out:
        head += f", converged: {out['converged']}"
    if "pass_centers" in out:
        head += (f"; {out['pass_centers']} centres during the pass, reduced to {out['k']} in "
                 f"{count(out['reduce_iterations'], 'weighted Lloyd iteration')}")
    if "pass_centers" in out:
        # the pass runs with K = k x factor centres, so its inertia is lower than the
        # final one after the reduction to k: label both, or the jump reads like a bug
        big, final = inertia[:-1], inertia[-1]
        shown = big if len(big) <= 12 else [*big[:5], *big[-5:]]
        lines = [head,
                 f"inertia with the pass's {out['pass_centers']} centres ({out['k']} x "
                 f"{out['extra_center_factor']}), per mini-batch step: "
                 + ", ".join(f"{v:,.2f}" for v in shown)
                 + (" (first and last five)" if len(big) > 12 else ""),
                 f"final inertia, after the reduction to {out['k']} centres: {final:,.2f}"
                 " (higher than during the pass: with fewer centres, points lie farther from the nearest one)",
                 "centers:"]
    else:
        lines = [head, "inertia: " + ", ".join(f"{v:,.2f}" for v in shown)
                 + (" (first and last five)" if len(inertia) > 12 else ""),
                 f"final inertia: {inertia[-1]:,.2f}", "centers:"]
    lines += ["  " + ", ".join(f"{x:.4f}" for x in c) for c in out["centers"]]
    return "\n".join(lines)


def register(sub) -> dict:
    """Add ``demo`` and its demos; return its handler and renderer."""
    demo = sub.add_parser("demo", help="Headless demos", description="Headless demos")
    demos = demo.add_subparsers(dest="demo", metavar="DEMO", parser_class=Parser)
    demos.required = True
    p = add_command(demos, "kmeans", "k-means (Lloyd) and the elbow",
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
    p.add_argument("--half-life-time-size", type=int, default=0, metavar="N",
                   help="mini-batch modes: an old point's weight halves after N further "
                        "points (SageMaker's half_life_time_size; 0 = no decay)")
    p.add_argument("--seed", type=int, default=0)

    p = add_command(demos, "qlearning", "Tabular Q-learning / SARSA on a grid world",
                 "Train on a grid world and report the greedy policy")
    p.add_argument("--env", choices=ENVS, default="cliff", type=str.lower)
    p.add_argument("--layout", metavar="FILE.json", help="a saved layout instead of --env")
    p.add_argument("--moves", type=int, choices=(4, 8, 9),
                   help="windy world: 4 moves, king's moves (8) or king's moves and stay (9)")
    p.add_argument("--agent", choices=("qlearning", "sarsa", "expected-sarsa"),
                   default="qlearning")
    p.add_argument("--episodes", type=int, default=500)
    p.add_argument("--alpha", type=float, default=0.5, help="learning rate, (0, 1]")
    p.add_argument("--gamma", type=float, help="discount, [0, 1] (default: the grid's)")
    p.add_argument("--epsilon", type=float, default=0.1, help="exploration rate, [0, 1]")
    p.add_argument("--epsilon-decay", type=float, default=1.0,
                   help="multiply epsilon by this after each episode")
    p.add_argument("--epsilon-min", type=float, default=0.0)
    p.add_argument("--seed", type=int, default=0)

    p = add_command(demos, "values", "Value / policy iteration on a grid world",
                    "Plan on a grid world from its model: values and greedy policy")
    world = p.add_mutually_exclusive_group(required=True)
    world.add_argument("--env", choices=ENVS, type=str.lower)
    world.add_argument("--layout", metavar="FILE.json",
                       help="a layout file (SageWise's or grid-cells/1)")
    p.add_argument("--method", choices=("value-iteration", "policy-iteration"),
                   default="value-iteration")
    p.add_argument("--iterations", type=int, metavar="K",
                   help="sweeps (value iteration) or improvement steps (policy iteration); "
                        "default: until converged")
    p.add_argument("--gamma", type=float, help="discount, [0, 1] (default: the grid's)")
    p.add_argument("--noise", type=float,
                   help="chance a move goes to a perpendicular side, [0, 1]")
    p.add_argument("--living-reward", type=float, metavar="R",
                   help="reward for every move from a non-exit cell")
    p.add_argument("--moves", type=int, choices=(4, 8, 9),
                   help="windy world: 4 moves, king's moves (8) or king's moves and stay (9)")
    return {"demo": (cmd_demo, text_demo)}
