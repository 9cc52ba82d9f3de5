"""Export fixes from the usability test: tuning channels and objectives, pipeline decisions
carried into the request, a Pipe-free pipeline for XGBoost, unknown names refused."""

from __future__ import annotations

import ast
import json

import botocore.session
import pytest
from botocore.validate import ParamValidator
from sagewise.knowledge.catalog import load_catalog
from sagewise.knowledge.cli import main
from sagewise.knowledge.export.from_pipeline import (
    carried_settings,
    problem_type_from_answers,
)
from sagewise.knowledge.export.images import load_images
from sagewise.knowledge.export.prefill import prefill
from sagewise.knowledge.export.requests import (
    ExportError,
    TrainingSpec,
    training_job_request,
)
from sagewise.knowledge.export.rules import load_rules
from sagewise.knowledge.export.sdk import TuningPlan, sdk_code
from sagewise.knowledge.pipeline.engine import decide


@pytest.fixture(scope="module")
def sagemaker_model():
    return botocore.session.get_session().get_service_model("sagemaker")


def assert_valid(model, request: dict) -> None:
    report = ParamValidator().validate(
        request, model.operation_model("CreateTrainingJob").input_shape)
    assert not report.has_errors(), report.generate_report()


def _fit_channels(code: str) -> set[str]:
    """The channel names passed to tuner.fit / estimator.fit in generated code."""
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "fit":
            return {k.value for k in node.args[0].keys}
    raise AssertionError("no fit call")


def _hps(code: str) -> dict[str, str]:
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "set_hyperparameters":
            return {k.arg: k.value.value for k in node.keywords}
    return {}


# ---- 1. tuning runs as written: the metric's channel is passed, the objective is set

def test_kmeans_tuning_passes_the_test_channel_its_metric_needs():
    spec = TrainingSpec("kmeans", "us-east-1", "ml.m5.xlarge",
                        hyperparameters={"k": "5", "feature_dim": "4"})
    code = sdk_code(spec, TuningPlan("bayesian"))
    assert 'objective_metric_name="test:msd"' in code
    assert _fit_channels(code) == {"train", "test"}
    assert "PLACEHOLDER: the test:msd tuning metric" in code  # labelled, to replace
    given = sdk_code(TrainingSpec("kmeans", "us-east-1", "ml.m5.xlarge", s3_test="s3://bkt/t/",
                                  hyperparameters={"k": "5", "feature_dim": "4"}),
                     TuningPlan("random"))
    assert '"s3://bkt/t/"' in given and "PLACEHOLDER: the test" not in given


@pytest.mark.parametrize(("problem", "objective", "metric"), [
    ("binary_classification", "binary:logistic", "validation:auc"),
    ("regression", "reg:squarederror", "validation:rmse"),
    ("ranking", "rank:pairwise", "validation:ndcg"),
])
def test_xgboost_objective_and_metric_follow_the_problem(problem, objective, metric):
    spec = TrainingSpec("xgboost", "us-east-1", "ml.m5.xlarge", problem_type=problem,
                        hyperparameters={"num_round": "10"},
                        s3_validation="s3://my-bucket/validation/")
    code = sdk_code(spec, TuningPlan("bayesian"))
    assert _hps(code)["objective"] == objective
    assert f'objective_metric_name="{metric}"' in code
    assert _fit_channels(code) == {"train", "validation"}
    req = training_job_request(spec)
    assert req["HyperParameters"]["objective"] == objective
    assert [c["ChannelName"] for c in req["InputDataConfig"]] == ["train", "validation"]


def test_xgboost_tuning_without_a_problem_is_refused_naming_the_flag():
    spec = TrainingSpec("xgboost", "us-east-1", "ml.m5.xlarge", hyperparameters={"num_round": "9"})
    with pytest.raises(ExportError) as exc:
        sdk_code(spec, TuningPlan("bayesian"))
    assert exc.value.field == "--problem-type" and "objective" in str(exc.value)
    # the objective itself states the problem
    code = sdk_code(TrainingSpec("xgboost", "us-east-1", "ml.m5.xlarge",
                                 hyperparameters={"num_round": "9", "objective": "multi:softprob",
                                                  "num_class": "4"}), TuningPlan("random"))
    assert 'objective_metric_name="validation:merror"' in code


def test_problem_and_objective_must_agree_and_multiclass_needs_classes():
    base = {"algorithm": "xgboost", "region": "us-east-1", "instance_type": "ml.m5.xlarge"}
    with pytest.raises(ExportError) as exc:
        training_job_request(TrainingSpec(**base, problem_type="regression",
                                          hyperparameters={"num_round": "9",
                                                           "objective": "binary:logistic"}))
    assert exc.value.field == "--hyperparameter"
    with pytest.raises(ExportError, match="num_class"):
        training_job_request(TrainingSpec(**base, problem_type="multiclass_classification",
                                          hyperparameters={"num_round": "9"}))
    with pytest.raises(ExportError) as exc:
        training_job_request(TrainingSpec("factorization-machines", "us-east-1", "ml.c5.xlarge",
                                          problem_type="ranking",
                                          hyperparameters={"feature_dim": "9",
                                                           "num_factors": "8"}))
    assert exc.value.field == "--problem-type"


def test_linear_learner_metric_follows_its_predictor_type():
    spec = TrainingSpec("linear-learner", "us-east-1", "ml.m5.xlarge",
                        hyperparameters={"predictor_type": "regressor"})
    code = sdk_code(spec, TuningPlan("random"))
    assert 'objective_metric_name="validation:mse"' in code
    assert _fit_channels(code) == {"train", "validation"}


def test_a_channel_the_algorithm_does_not_have_is_refused():
    with pytest.raises(ExportError) as exc:
        training_job_request(TrainingSpec("kmeans", "us-east-1", "ml.m5.xlarge",
                                          s3_validation="s3://bkt/v/",
                                          hyperparameters={"k": "5", "feature_dim": "4"}))
    assert exc.value.field == "--s3-validation"


def test_every_problem_rule_names_a_metric_of_the_card():
    catalog = load_catalog()
    for algo, rules in load_rules().items():
        metrics = {m.name for m in catalog.algorithms[algo].objective_metrics}
        for rule in rules.problems.values():
            assert rule.metric in metrics, (algo, rule.metric)


# ---- 2. pipeline decisions reach the request

def test_distributed_vpc_and_kms_decisions_are_carried_and_labelled(sagemaker_model):
    algo = load_catalog().algorithms["xgboost"]
    settings = carried_settings({"training": "distributed-data-parallel",
                                 "security": "vpc-private", "training-input": "file"},
                                {"security_concern": "encrypt_at_rest"}, algo)
    assert (settings.vpc, settings.kms, settings.instance_count) == (True, True, 2)
    assert settings.assumed() == ("InstanceCount",)
    spec = TrainingSpec("xgboost", "us-east-1", "ml.m5.2xlarge",
                        instance_count=settings.instance_count, vpc=settings.vpc,
                        kms=settings.kms, hyperparameters={"num_round": "10"},
                        assumed=settings.assumed())
    req = training_job_request(spec)
    assert_valid(sagemaker_model, req)
    assert req["VpcConfig"] == {"SecurityGroupIds": ["sg-REPLACE-ME"],
                                "Subnets": ["subnet-REPLACE-ME"]}
    assert "REPLACE" in req["OutputDataConfig"]["KmsKeyId"]
    assert req["ResourceConfig"]["VolumeKmsKeyId"] == req["OutputDataConfig"]["KmsKeyId"]
    assert req["ResourceConfig"]["InstanceCount"] == 2
    train = req["InputDataConfig"][0]["DataSource"]["S3DataSource"]
    assert train["S3DataDistributionType"] == "ShardedByS3Key"
    tags = {t["Key"]: t["Value"].split() for t in req["Tags"]}
    assert {"VpcConfig", "KmsKeyId"} <= set(tags["sagewise-placeholders"])
    assert tags["sagewise-assumed"] == ["InstanceCount"]


@pytest.mark.parametrize(("instance", "count", "hps", "expected"), [
    ("ml.m5.xlarge", 4, {}, "ShardedByS3Key"),
    ("ml.m5.xlarge", 1, {}, "FullyReplicated"),
    ("ml.g5.2xlarge", 2, {"use_dask_gpu_training": "true"}, "FullyReplicated"),
])
def test_xgboost_distribution_follows_its_card(instance, count, hps, expected):
    req = training_job_request(TrainingSpec("xgboost", "us-east-1", instance, instance_count=count,
                                            hyperparameters={"num_round": "10", **hps}))
    dist = req["InputDataConfig"][0]["DataSource"]["S3DataSource"]["S3DataDistributionType"]
    assert dist == expected


def test_real_ids_isolation_and_spot_validate(sagemaker_model):
    req = training_job_request(TrainingSpec(
        "kmeans", "eu-west-1", "ml.g5.xlarge", hyperparameters={"k": "5", "feature_dim": "4"},
        subnets=("subnet-0abc1234",), security_groups=("sg-0abc1234",),
        kms_key_id="alias/ml-data", network_isolation=True, inter_container_encryption=True,
        managed_spot=True, role_arn="arn:aws:iam::123456789012:role/Sm",
        s3_input="s3://my-bucket/train/", s3_output="s3://my-bucket/out/"))
    assert_valid(sagemaker_model, req)
    assert "Tags" not in req  # nothing assumed
    assert "VolumeKmsKeyId" not in req["ResourceConfig"]  # g5: local NVMe volumes
    assert req["StoppingCondition"]["MaxWaitTimeInSeconds"] >= \
        req["StoppingCondition"]["MaxRuntimeInSeconds"]
    for field, spec in (("--subnet", {"subnets": ("subnet-x",)}),
                        ("--security-group", {"security_groups": ("sg-",)}),
                        ("--kms-key-id", {"kms_key_id": "my key"})):
        with pytest.raises(ExportError) as exc:
            training_job_request(TrainingSpec("kmeans", "eu-west-1", "ml.m5.xlarge",
                                              hyperparameters={"k": "5", "feature_dim": "4"},
                                              **spec))
        assert exc.value.field == field


def test_problem_type_from_the_wizard_answers():
    assert problem_type_from_answers({"task": "classify", "label_kind": "binary"}) == \
        "binary_classification"
    assert problem_type_from_answers({"task": "regress"}) == "regression"
    assert problem_type_from_answers({"task": "cluster"}) == ""


# ---- 3. a pipeline never leaves the export invalid; XGBoost is not sent to Pipe

def test_pipeline_does_not_pick_pipe_for_xgboost_but_still_does_for_kmeans():
    xgb = decide({"algorithm": "xgboost", "data_size": "large"})
    assert xgb.choices["training-input"] == "fastfile"
    pipe = next(a for a in xgb.decision("training-input").alternatives if a.choice == "pipe")
    assert pipe.excluded and "File or FastFile" in pipe.why_not
    assert decide({"algorithm": "kmeans", "data_size": "large"}).choices["training-input"] == \
        "pipe"


@pytest.mark.parametrize("mode", ["File", "Pipe", "FastFile"])
def test_content_type_follows_the_mode(mode):
    req = training_job_request(TrainingSpec("xgboost", "us-east-1", "ml.m5.xlarge",
                                            input_mode=mode, hyperparameters={"num_round": "9"}))
    assert req["InputDataConfig"][0]["ContentType"] == \
        ("text/csv" if mode == "Pipe" else "text/libsvm")


def test_every_prefill_builds_and_labels_what_it_assumed(sagemaker_model):
    catalog = load_catalog()
    for algo in load_images().algorithms():
        rules = load_rules()[algo]
        for problem in ("", *rules.problems):
            filled = prefill(algo, problem)
            spec = TrainingSpec(algo, "us-east-1",
                                catalog.algorithms[algo].instances.suggested_training[0],
                                hyperparameters=filled.values, problem_type=problem,
                                assumed=tuple(f"HyperParameters.{n}" for n in filled.assumed))
            req = training_job_request(spec)
            assert_valid(sagemaker_model, req)
            if rules.problems.get(problem):
                hp = rules.problems[problem].hyperparameter
                assert hp not in filled.assumed  # decided by the problem, not assumed


# ---- 4. unknown names and managed services

def test_unknown_hyperparameter_is_refused_with_a_suggestion():
    with pytest.raises(ExportError) as exc:
        training_job_request(TrainingSpec("xgboost", "us-east-1", "ml.m5.xlarge",
                                          hyperparameters={"num_round": "9", "bogus": "1"}))
    assert exc.value.field == "--hyperparameter" and "'bogus'" in str(exc.value)
    with pytest.raises(ExportError, match="did you mean max_depth"):
        training_job_request(TrainingSpec("xgboost", "us-east-1", "ml.m5.xlarge",
                                          hyperparameters={"num_round": "9", "max_dpeth": "3"}))


def _cli(argv, capsys):
    try:
        code = main(argv)
    except SystemExit as exc:
        code = exc.code
    return code, capsys.readouterr()


@pytest.mark.parametrize(("extra", "flag", "words"), [
    (["--algorithm", "xgboost", "--hyperparameter", "num_round=5", "--hyperparameter",
      "bogus=1"], "--hyperparameter", "bogus"),
    (["--algorithm", "amazon-translate"], "--algorithm", "managed AWS service"),
    (["--algorithm", "kmeans", "--hyperparameter", "k=3", "--hyperparameter", "feature_dim=3",
      "--s3-validation", "s3://bkt/v/"], "--s3-validation", "no validation channel"),
])
def test_cli_refuses_in_one_line(extra, flag, words, capsys):
    code, out = _cli(["export", "training-job", "--region", "us-east-1", "--instance-type",
                      "ml.m5.xlarge", *extra], capsys)
    assert code == 2 and out.out == ""
    assert flag in out.err and words in out.err and len(out.err.strip().splitlines()) == 1


def test_cli_carries_channels_security_and_problem(sagemaker_model, capsys):
    code, out = _cli(["export", "training-job", "--algorithm", "xgboost", "--region",
                      "us-east-1", "--instance-type", "ml.m5.xlarge", "--instance-count", "4",
                      "--hyperparameter", "num_round=5", "--problem-type",
                      "binary_classification", "--s3-validation", "s3://bkt/val/", "--vpc",
                      "--kms", "--json"], capsys)
    assert code == 0, out.err
    req = json.loads(out.out)
    assert_valid(sagemaker_model, req)
    assert req["HyperParameters"]["objective"] == "binary:logistic"
    assert "VpcConfig" in req and "KmsKeyId" in req["OutputDataConfig"]
    assert req["InputDataConfig"][0]["DataSource"]["S3DataSource"][
        "S3DataDistributionType"] == "ShardedByS3Key"
    code, out = _cli(["export", "sdk", "--algorithm", "kmeans", "--region", "us-east-1",
                      "--instance-type", "ml.m5.xlarge", "--hyperparameter", "k=5",
                      "--hyperparameter", "feature_dim=4", "--tuning", "bayesian"], capsys)
    assert code == 0 and _fit_channels(out.out) == {"train", "test"}


def test_cli_pipeline_answers_fill_the_request_and_flags_win(sagemaker_model, capsys, tmp_path):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"data_size": "large", "training_speed": "too_slow",
                                   "security_concern": "no_internet", "task": "classify",
                                   "label_kind": "binary"}))
    base = ["export", "training-job", "--algorithm", "xgboost", "--region", "us-east-1",
            "--instance-type", "ml.m5.4xlarge", "--hyperparameter", "num_round=100",
            "--pipeline-answers", str(answers), "--json"]
    code, out = _cli(base, capsys)
    assert code == 0, out.err
    req = json.loads(out.out)
    assert_valid(sagemaker_model, req)
    assert req["AlgorithmSpecification"]["TrainingInputMode"] == "FastFile"  # not Pipe
    assert req["ResourceConfig"]["InstanceCount"] == 2
    assert req["InputDataConfig"][0]["DataSource"]["S3DataSource"][
        "S3DataDistributionType"] == "ShardedByS3Key"
    assert req["VpcConfig"]["Subnets"] == ["subnet-REPLACE-ME"]
    assert req["HyperParameters"]["objective"] == "binary:logistic"
    assert {"Key": "sagewise-assumed", "Value": "InstanceCount"} in req["Tags"]
    code, out = _cli([*base, "--instance-count", "5", "--input-mode", "File"], capsys)
    req = json.loads(out.out)
    assert req["ResourceConfig"]["InstanceCount"] == 5
    assert req["AlgorithmSpecification"]["TrainingInputMode"] == "File"
    assert all(t["Key"] != "sagewise-assumed" for t in req["Tags"])
    bad = tmp_path / "bad.json"
    bad.write_text('{"security_concern": "moat"}')
    code, out = _cli([*base[:-3], "--pipeline-answers", str(bad)], capsys)
    assert code == 2 and "--pipeline-answers" in out.err and len(out.err.splitlines()) == 1


def test_sdk_code_with_every_option_parses_and_stays_readable():
    spec = TrainingSpec("xgboost", "ap-southeast-2", "ml.m5.4xlarge", instance_count=3,
                        problem_type="multiclass_classification", vpc=True, kms=True,
                        network_isolation=True, inter_container_encryption=True,
                        managed_spot=True, hyperparameters={"num_round": "50", "num_class": "4"},
                        assumed=("HyperParameters.num_class",))
    code = sdk_code(spec, TuningPlan("hyperband"))
    tree = ast.parse(code)
    assert all(len(line) <= 100 for line in code.splitlines())
    call = next(n for n in ast.walk(tree) if isinstance(n, ast.Call)
                and getattr(n.func, "id", "") == "Estimator")
    args = {k.arg for k in call.keywords}
    assert {"subnets", "security_group_ids", "volume_kms_key", "output_kms_key",
            "enable_network_isolation", "encrypt_inter_container_traffic",
            "use_spot_instances", "max_wait", "checkpoint_s3_uri"} <= args
    assert 'num_class="4",  # ASSUMED' in code
    assert 'objective_metric_name="validation:merror"' in code
    assert 'distribution="ShardedByS3Key"' in code


def test_assumed_values_are_searched_by_the_tuner_given_ones_are_fixed():
    hps = {"feature_dim": "10", "k": "5", "predictor_type": "classifier", "sample_size": "900"}
    spec = TrainingSpec("knn", "us-east-1", "ml.m5.xlarge", hyperparameters=hps,
                        assumed=("HyperParameters.k",))
    assert '"k": IntegerParameter(' in sdk_code(spec, TuningPlan("bayesian"))
    with pytest.raises(ExportError, match="no tuning ranges"):
        sdk_code(TrainingSpec("knn", "us-east-1", "ml.m5.xlarge", hyperparameters=hps),
                 TuningPlan("bayesian"))
