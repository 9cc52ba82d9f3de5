"""SageMaker's half_life_time_size in the mini-batch pass, and where the reduction happens."""

from __future__ import annotations

import json

import numpy as np
import pytest
from sagewise.knowledge.cli import main
from sagewise.knowledge.errors import InputError
from sagewise.knowledge.sim.kmeans_run import KMeansRun
from sagewise.knowledge.sim.minibatch import (
    decay_factor,
    minibatch_kmeans,
    minibatch_step,
)


def test_old_weight_halves_after_half_life_points():
    X = np.array([[0.0, 0.0]] * 10 + [[10.0, 0.0]] * 10)
    centers = np.array([[0.0, 0.0]])
    counts = np.array([100.0])
    # 10 new points at x = 10 with half-life 10: the old 100 points now weigh 50
    minibatch_step(X, centers, counts, np.arange(10, 20), half_life=10)
    assert counts[0] == pytest.approx(60.0)
    assert centers[0, 0] == pytest.approx(10 * 10 / 60)
    assert decay_factor(500, 0) == 1.0 and decay_factor(500, 500) == pytest.approx(0.5)


def test_decay_bounds_the_weight_and_follows_recent_data():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(5000, 2))
    plain = minibatch_kmeans(X, 3, 100, 200, seed=1)
    decayed = minibatch_kmeans(X, 3, 100, 200, seed=1, half_life=1000)
    assert plain.counts.sum() == pytest.approx(200 * 100)
    # geometric limit: batch / (1 - 0.5 ** (batch / half_life))
    assert decayed.counts.sum() == pytest.approx(100 / (1 - 0.5 ** 0.1), rel=0.01)


def test_half_life_is_shown_in_the_stepped_run_and_the_reduction_is_located():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(3000, 2))
    run = KMeansRun(X, 3, mode="sagemaker", batch_size=200, batches=5,
                    half_life_time_size=400)
    texts = [run.step().text for _ in range(6)]
    assert "half_life_time_size 400" in texts[-1] and "x0.707" in texts[-1]
    frame = run.step()
    assert frame.phase == "reduce" and run.reduce_at == len(run.inertia) == 7
    with pytest.raises(InputError, match="half_life_time_size"):
        KMeansRun(X, 3, mode="sagemaker", half_life_time_size=-5)


def test_cli_half_life(capsys):
    assert main(["demo", "kmeans", "--points", "5000", "--k", "3", "--mode", "minibatch",
                 "--half-life-time-size", "2000", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["half_life_time_size"] == 2000
    assert main(["demo", "kmeans", "--points", "5000", "--k", "3", "--mode", "sagemaker",
                 "--half-life-time-size", "-1"]) == 2
    assert "--half-life-time-size" in capsys.readouterr().err
