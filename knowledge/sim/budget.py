"""What a demo run will cost, estimated from its arguments before it starts.

The caps allowed by each flag separately still multiply into runs of hours or tens of
gigabytes (an elbow of 1..50 on a million points, SageMaker mode with a hundred times the
centres on five million points, ten million Q-learning episodes). The command line asks
these estimates first and refuses a run that would not finish in a few minutes or fit in a
couple of gigabytes on a small machine, saying what to lower; runs estimated to take more
than a few seconds report progress on stderr.

The rates are conservative figures for a 2-core laptop-class machine under load (see
``bench/kmeans_speed.py`` and ``bench/qlearning_speed.py``); the estimates aim at the right
order of magnitude, not at precision.
"""

from __future__ import annotations

from dataclasses import dataclass

DISTANCES_PER_SECOND = 2.5e7    # point-to-centre distances (2 to 10 features), numpy
STEPS_PER_SECOND = 2.0e6        # tabular Q-learning steps, pure Python
TYPICAL_LLOYD_ITERATIONS = 30
ELBOW_RESTARTS = 3              # wcss_curve's n_init
MAX_MEMORY_BYTES = 2 * 1024**3
MAX_SECONDS = 300.0
PROGRESS_AFTER_SECONDS = 5.0
MAX_EPISODES = 1_000_000        # also bounds the printed returns (about 10 MB of JSON)


@dataclass(frozen=True)
class Cost:
    """Estimated seconds and peak bytes of one run."""

    seconds: float
    memory_bytes: float

    def too_big(self) -> str | None:
        """Why the run is refused, or None when it fits."""
        if self.memory_bytes > MAX_MEMORY_BYTES:
            return (f"would need about {self.memory_bytes / 1e9:,.1f} GB of memory (the "
                    f"limit is {MAX_MEMORY_BYTES / 1024**3:.0f} GiB)")
        if self.seconds > MAX_SECONDS:
            return (f"would take about {_duration(self.seconds)} (the limit is "
                    f"{MAX_SECONDS / 60:.0f} minutes)")
        return None

    @property
    def long(self) -> bool:
        """Long enough to report progress."""
        return self.seconds > PROGRESS_AFTER_SECONDS


def _duration(seconds: float) -> str:
    if seconds < 90 * 60:
        return f"{seconds / 60:,.0f} minutes"
    if seconds < 48 * 3600:
        return f"{seconds / 3600:,.0f} hours"
    return f"{seconds / 86400:,.0f} days"


def _distances(n: int, d: int, centres: int, passes: float) -> float:
    return n * centres * passes * max(1.0, d / 4)


def _matrix_bytes(n: int, d: int, centres: int) -> float:
    """The data, its (n x centres) distance matrix and numpy's temporaries."""
    return 8.0 * n * d * 2 + 8.0 * n * centres * 3


def kmeans_cost(n: int, d: int, k: int, mode: str = "lloyd", extra_center_factor: int = 1,
                batches: int = 100) -> Cost:
    """One k-means run: Lloyd, mini-batch (inertia over all points after every batch) or
    SageMaker's (k x factor centres during the pass)."""
    if mode == "lloyd":
        centres, passes = k, TYPICAL_LLOYD_ITERATIONS + 1
    else:
        centres = min(n, k * (extra_center_factor if mode == "sagemaker" else 1))
        passes = batches + 1
    return Cost(_distances(n, d, centres, passes) / DISTANCES_PER_SECOND,
                _matrix_bytes(n, d, centres))


def elbow_cost(n: int, d: int, k_min: int, k_max: int) -> Cost:
    """The elbow: every k from k_min to k_max, best of ELBOW_RESTARTS runs each."""
    total_k = (k_min + k_max) * (k_max - k_min + 1) / 2
    passes = ELBOW_RESTARTS * (TYPICAL_LLOYD_ITERATIONS + 1)
    return Cost(_distances(n, d, int(total_k), passes) / DISTANCES_PER_SECOND,
                _matrix_bytes(n, d, k_max))


def qlearning_cost(episodes: int, max_steps: int, cells: int) -> Cost:
    """Training: an episode rarely runs longer than a few sweeps of the grid."""
    per_episode = min(max_steps, 4 * cells)
    return Cost(episodes * per_episode / STEPS_PER_SECOND,
                episodes * 120.0 + cells * 4 * 64.0)
