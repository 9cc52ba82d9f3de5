"""k-means core: Lloyd steps by hand, k-means++ sampling, elbow, bad input."""

from __future__ import annotations

import json

import numpy as np
import pytest
from sagewise.knowledge.cli import main
from sagewise.knowledge.errors import InputError
from sagewise.knowledge.sim import kmeans as km
from sagewise.knowledge.sim.points import load_points


def test_one_lloyd_iteration_by_hand():
    X = np.array([[0.0, 0.0], [0.0, 2.0], [10.0, 0.0], [10.0, 2.0], [4.0, 1.0]])
    r = km.lloyd(X, [[0.0, 1.0], [10.0, 1.0]], max_iter=1)
    # (4,1) is nearer (0,1): cluster 0 = first two points + (4,1); mean = (4/3, 1)
    np.testing.assert_allclose(r.centers, [[4 / 3, 1.0], [10.0, 1.0]])
    assert r.inertia[0] == pytest.approx(1 + 1 + 1 + 1 + 16)


def test_lloyd_converges_and_inertia_never_increases():
    X, _ = km.make_blobs(5000, 5, seed=3)
    r = km.kmeans(X, 5, seed=3)
    assert r.converged
    assert all(b <= a + 1e-9 for a, b in zip(r.inertia, r.inertia[1:], strict=False))


def test_recovers_well_separated_centres():
    X, centres = km.make_blobs(20_000, 4, seed=1, spread=0.3)
    r = km.kmeans(X, 4, seed=1)
    found = sorted(map(tuple, np.round(r.centers, 1)))
    true = sorted(map(tuple, np.round(centres, 1)))
    np.testing.assert_allclose(found, true, atol=0.1)


def test_empty_cluster_keeps_its_centre():
    X = np.array([[0.0, 0.0], [1.0, 0.0]])
    r = km.lloyd(X, [[0.0, 0.0], [0.5, 0.0], [100.0, 100.0]], max_iter=5)
    assert r.centers[2].tolist() == [100.0, 100.0]


def test_kmeans_pp_first_centre_is_a_data_point_and_draws_follow_d_squared():
    X = np.array([[0.0], [1.0], [3.0]])
    hits = np.zeros(3)
    trace = []
    rng = np.random.default_rng(0)
    trials = 4000
    for _ in range(trials):
        trace.clear()
        C = km.init_kmeans_pp(X, 2, rng, trace)
        assert C[0].tolist() in X.tolist()
        if trace[0][0] == 0:           # condition on the first centre being x = 0
            hits[trace[1][0]] += 1
    # distances^2 from 0: 0, 1, 9 -> second centre is 1 w.p. 0.1 and 3 w.p. 0.9
    share = hits / hits.sum()
    assert share[0] == 0 and share[1] == pytest.approx(0.1, abs=0.03)
    assert share[2] == pytest.approx(0.9, abs=0.03)


@pytest.mark.parametrize("true_k", [2, 3, 4, 5, 6])
def test_elbow_finds_the_number_of_blobs(true_k):
    X, _ = km.make_blobs(6000, true_k, seed=true_k, spread=0.5)
    assert km.elbow_k(km.wcss_curve(X, 1, 10, seed=0)) == true_k


@pytest.mark.parametrize(("call", "field"), [
    (lambda: km.kmeans(np.zeros((0, 2)), 1), "data"),
    (lambda: km.kmeans([[1.0, np.nan]], 1), "data"),
    (lambda: km.kmeans([[1.0, 2.0]], 2), "k"),
    (lambda: km.kmeans([[1.0, 2.0]], 0), "k"),
    (lambda: km.kmeans([[1.0, 2.0]], 1.5), "k"),
    (lambda: km.kmeans([[1.0, 2.0]], 1, init="magic"), "init"),
    (lambda: km.lloyd([[1.0, 2.0]], [[1.0, 2.0, 3.0]]), "init_centers"),
    (lambda: km.make_blobs(0, 2), "points"),
    (lambda: km.make_blobs(10, 0), "clusters"),
    (lambda: km.wcss_curve([[1.0, 2.0]], 1, 5), "elbow"),
])
def test_bad_input_names_the_field(call, field):
    with pytest.raises(InputError) as info:
        call()
    assert info.value.field == field


def test_load_points_with_and_without_header(tmp_path):
    a = tmp_path / "a.csv"
    a.write_text("x,y\n1,2\n3,4\n")
    b = tmp_path / "b.csv"
    b.write_text("1,2\n3,4\n")
    assert load_points(a).tolist() == load_points(b).tolist() == [[1, 2], [3, 4]]


@pytest.mark.parametrize(("content", "message"), [
    ("", "empty"), ("x,y\n", "no data rows"), ("1,2\n3,abc\n", "row 2, column 2"),
    ("1,2\n3,\n", "is empty"), ("1,2\n3,inf\n", "infinite"),
])
def test_load_points_bad_files(tmp_path, content, message):
    f = tmp_path / "p.csv"
    f.write_text(content)
    with pytest.raises(InputError, match=message):
        load_points(f)


def test_cli_kmeans_and_elbow(capsys, tmp_path):
    assert main(["demo", "kmeans", "--points", "20000", "--k", "4", "--seed", "0",
                 "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["iterations"] == len(out["inertia"]) - 1 and len(out["centers"]) == 4
    assert main(["demo", "kmeans", "--points", "6000", "--clusters", "3", "--elbow", "1..8",
                 "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["elbow"] == 3
    data = tmp_path / "d.csv"
    data.write_text("a,b\n0,0\n0,1\n10,0\n10,1\n")
    init = tmp_path / "c.csv"
    init.write_text("0,0\n10,0\n")
    assert main(["demo", "kmeans", "--data", str(data), "--k", "2", "--init-centers",
                 str(init), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["centers"] == [[0.0, 0.5], [10.0, 0.5]]


@pytest.mark.parametrize(("argv", "flag"), [
    (["--points", "100", "--k", "0"], "--k"),
    (["--points", "-5", "--k", "2"], "--points"),
    (["--points", "100", "--elbow", "5..2"], "--elbow"),
    (["--points", "100", "--elbow", "x"], "--elbow"),
    (["--data", "/no/file.csv", "--k", "2"], "--data"),
    (["--points", "100", "--k", "2", "--mode", "turbo"], "--mode"),
    (["--points", "nan", "--k", "2"], "--points"),
    (["--points", "inf", "--k", "2"], "--points"),
    (["--points", "100", "--k", "500"], "--k"),
    (["--points", "100", "--k", "2", "--mode", "sagemaker", "--extra-center-factor", "0"],
     "--extra-center-factor"),
    (["--points", "100", "--k", "2", "--mode", "minibatch", "--mini-batch-size", "-1"],
     "--mini-batch-size"),
    (["--points", "100", "--k", "2", "--mode", "minibatch", "--batches", "0"], "--batches"),
])
def test_cli_bad_arguments(capsys, argv, flag):
    with pytest.raises(SystemExit) as info:
        raise SystemExit(main(["demo", "kmeans", *argv]))
    err = capsys.readouterr().err
    assert info.value.code == 2 and flag in err and err.count("\n") == 1


@pytest.mark.parametrize("mode", ["minibatch", "sagemaker"])
def test_cli_other_modes(capsys, mode):
    assert main(["demo", "kmeans", "--points", "5000", "--k", "4", "--mode", mode,
                 "--batches", "20", "--mini-batch-size", "200", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["mode"] == mode and len(out["centers"]) == 4
    assert len(out["inertia"]) == 20 + (mode == "sagemaker")
    if mode == "sagemaker":
        assert out["pass_centers"] == 16 and sum(out["cluster_sizes"]) == 5000


@pytest.mark.parametrize("mode", ["lloyd", "minibatch", "sagemaker"])
def test_cli_text_output_for_every_mode(capsys, mode):
    assert main(["demo", "kmeans", "--points", "3000", "--k", "3", "--mode", mode,
                 "--batches", "15"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(mode) and "final inertia" in out and "centers:" in out
