"""Mini-batch and SageMaker k-means, the step-by-step run, datasets and the init comparison."""

from __future__ import annotations

import numpy as np
import pytest
from sagewise.knowledge.errors import InputError
from sagewise.knowledge.sim.datasets import KINDS, generate, pca_2d, standardise, to_2d
from sagewise.knowledge.sim.kmeans import assign, lloyd
from sagewise.knowledge.sim.kmeans_run import KMeansRun, compare_inits
from sagewise.knowledge.sim.minibatch import (
    minibatch_kmeans,
    minibatch_step,
    sagemaker_kmeans,
    weighted_lloyd,
)


def naive_lloyd(points, centers, iters=300):
    """Textbook Lloyd in plain Python: the independent reference."""
    C = [list(c) for c in centers]
    for _ in range(iters):
        groups = [[] for _ in C]
        for p in points:
            d = [sum((a - b) ** 2 for a, b in zip(p, c, strict=True)) for c in C]
            groups[d.index(min(d))].append(p)
        new = [[sum(col) / len(g) for col in zip(*g, strict=True)] if g else c
               for g, c in zip(groups, C, strict=True)]
        if new == C:
            break
        C = new
    return np.array(C)


def test_lloyd_matches_a_plain_python_reference():
    X = generate("blobs", 400, clusters=4, seed=3)
    start = X[[0, 1, 2, 3]]
    ours = lloyd(X, start, tol=0)
    ref = naive_lloyd(X.tolist(), start.tolist())
    np.testing.assert_allclose(ours.centers, ref, rtol=1e-9)


def test_minibatch_step_is_the_running_mean():
    X = np.array([[0.0, 0.0], [2.0, 0.0], [10.0, 10.0]])
    C = np.array([[1.0, 0.0], [9.0, 9.0]])
    counts = np.array([2.0, 0.0])
    minibatch_step(X, C, counts, np.array([0, 1, 2]))
    # centre 0 had 2 points at (1,0) and absorbs (0,0) and (2,0): mean stays (1,0)
    np.testing.assert_allclose(C[0], [1.0, 0.0])
    np.testing.assert_allclose(C[1], [10.0, 10.0])  # first point: rate 1, jumps onto it
    assert counts.tolist() == [4.0, 1.0]


def test_minibatch_gets_close_to_lloyd_on_blobs():
    X = generate("blobs", 20_000, clusters=5, spread=0.6, seed=1)
    mb = minibatch_kmeans(X, 5, batch_size=500, steps=80, seed=0)
    full = lloyd(X, mb.centers)
    assert mb.inertia[-1] <= full.inertia[-1] * 1.05
    assert mb.counts.sum() == 500 * 80


def test_sagemaker_reduces_k_times_factor_centres_to_k():
    X = generate("blobs", 20_000, clusters=6, spread=0.5, seed=2)
    r = sagemaker_kmeans(X, 6, extra_center_factor=4, batch_size=500, steps=40, seed=0)
    assert r.big.centers.shape == (24, 2)
    assert r.centers.shape == (6, 2)
    assert r.weights.sum() == len(X)
    best = lloyd(X, r.centers)
    assert r.inertia[-1] <= best.inertia[-1] * 1.05


def test_weighted_lloyd_uses_the_weights():
    P = np.array([[0.0, 0.0], [1.0, 0.0], [10.0, 0.0]])
    C, _ = weighted_lloyd(P, np.array([3.0, 1.0, 1.0]), np.array([[0.5, 0.0], [10.0, 0.0]]))
    np.testing.assert_allclose(C[0], [0.25, 0.0])


def test_run_in_lloyd_mode_ends_where_lloyd_does():
    X = generate("blobs", 3000, clusters=4, seed=5)
    run = KMeansRun(X, 4, init="kmeans++", seed=7)
    phases = []
    while not run.done:
        phases.append(run.step().phase)
    assert phases[:4] == ["init"] * 4 and phases[4] == "assign"
    ref = lloyd(X, run.trail[3])
    np.testing.assert_allclose(run.centers, ref.centers, rtol=1e-12)
    assert run.inertia[-1] == pytest.approx(ref.inertia[-1], rel=1e-12)
    assert all(b <= a + 1e-9 for a, b in zip(run.inertia, run.inertia[1:], strict=False))


def test_run_init_frames_carry_the_draw_probabilities():
    X = generate("blobs", 500, clusters=3, seed=0)
    run = KMeansRun(X, 3, seed=0)
    first, second = run.step(), run.step()
    assert first.chosen is not None and np.allclose(first.probs, 1 / 500)
    d = assign(X, first.centers)[1]
    np.testing.assert_allclose(second.probs, d / d.sum())
    assert "squared distance" in second.text


@pytest.mark.parametrize("mode", ["minibatch", "sagemaker"])
def test_run_other_modes_finish(mode):
    X = generate("blobs", 5000, clusters=4, seed=1)
    run = KMeansRun(X, 4, mode=mode, batch_size=200, batches=10, extra_center_factor=3)
    frames = []
    while not run.done:
        frames.append(run.step())
    assert len(run.centers) == 4
    if mode == "sagemaker":
        assert frames[0].centers.shape == (12, 2) and frames[-1].phase == "reduce"
    assert len(frames) == 1 + 10 + (mode == "sagemaker")


def test_empty_cluster_in_a_run_keeps_its_centre():
    X = np.array([[0.0, 0.0], [0.1, 0.0], [0.0, 0.1]] * 10)
    run = KMeansRun(X, 3, init="random", seed=0)
    while not run.done:
        run.step()
    assert np.isfinite(run.centers).all()


def test_kmeans_pp_beats_random_on_average():
    X = generate("blobs", 3000, clusters=8, spread=0.4, seed=4)
    res = compare_inits(X, 8, runs=15, seed=0)
    assert np.mean(res["kmeans++"]) <= np.mean(res["random"])


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_dataset_kind(kind):
    X = generate(kind, 2000, clusters=3, seed=0)
    assert X.shape == (2000, 2) and np.isfinite(X).all()
    np.testing.assert_array_equal(X, generate(kind, 2000, clusters=3, seed=0))


def test_pca_keeps_the_main_direction():
    rng = np.random.default_rng(0)
    t = rng.normal(size=1000)
    X = np.column_stack([t, 2 * t, rng.normal(scale=0.01, size=1000)])
    P, ratio = pca_2d(X)
    assert P.shape == (1000, 2) and ratio[0] > 0.99


def test_standardise_and_column_choice():
    X = np.array([[1.0, 100.0, 5.0], [3.0, 300.0, 5.0]])
    S = standardise(X)
    np.testing.assert_allclose(S[:, 0], [-1, 1])
    np.testing.assert_allclose(S[:, 2], [0, 0])
    np.testing.assert_array_equal(to_2d(X, (0, 2)), X[:, [0, 2]])


@pytest.mark.parametrize(("call", "field"), [
    (lambda: generate("spiral", 10), "dataset"),
    (lambda: generate("blobs", 0), "points"),
    (lambda: generate("blobs", 10, spread=float("nan")), "spread"),
    (lambda: generate("blobs", 10, clusters=0), "clusters"),
    (lambda: to_2d(np.ones((3, 3)), (0, 5)), "columns"),
    (lambda: to_2d(np.ones((3, 3)), (1, 1)), "columns"),
    (lambda: pca_2d(np.ones((3, 1))), "columns"),
    (lambda: minibatch_kmeans(np.ones((5, 2)), 2, batch_size=0), "mini_batch_size"),
    (lambda: sagemaker_kmeans(np.ones((5, 2)), 2, extra_center_factor=0),
     "extra_center_factor"),
    (lambda: KMeansRun(np.ones((5, 2)), 2, mode="fast"), "mode"),
    (lambda: KMeansRun(np.ones((5, 2)), 9), "k"),
    (lambda: compare_inits(np.ones((5, 2)), 2, runs=0), "runs"),
])
def test_bad_input_names_the_field(call, field):
    with pytest.raises(InputError) as info:
        call()
    assert info.value.field == field


def test_sagemaker_reduction_does_not_merge_clusters_on_an_unlucky_draw():
    """Regression: one weighted k-means++ draw merged two blobs (inertia 28k vs 9.9k)."""
    from sagewise.knowledge.sim.kmeans import kmeans, make_blobs

    X, _ = make_blobs(5000, 4, seed=0)
    r = sagemaker_kmeans(X, 4, extra_center_factor=4, batch_size=1000, steps=20, seed=0)
    best = min(kmeans(X, 4, seed=s).inertia[-1] for s in range(5))
    assert r.inertia[-1] <= best * 1.02


def test_assign_matches_brute_force_distances():
    rng = np.random.default_rng(5)
    X, C = rng.normal(size=(500, 3)) * 100, rng.normal(size=(7, 3)) * 100
    labels, d = assign(X, C)
    full = ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2)
    np.testing.assert_array_equal(labels, full.argmin(axis=1))
    np.testing.assert_allclose(d, full.min(axis=1), rtol=1e-9, atol=1e-6)
