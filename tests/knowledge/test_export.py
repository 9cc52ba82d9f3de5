"""Export: requests validated by botocore's own ParamValidator, image URIs, SDK code, errors."""

from __future__ import annotations

import ast
import importlib.util
import json

import botocore.session
import pytest
from botocore.validate import ParamValidator
from sagewise.knowledge.catalog import load_catalog
from sagewise.knowledge.cli import main
from sagewise.knowledge.errors import KnowledgeError
from sagewise.knowledge.export.hyperparameters import load_types, load_types_from
from sagewise.knowledge.export.images import load_images, load_images_from
from sagewise.knowledge.export.requests import (
    EndpointSpec,
    ExportError,
    TrainingSpec,
    check_training,
    endpoint_config_request,
    training_job_request,
)
from sagewise.knowledge.export.sdk import TuningPlan, sdk_code
from sagewise.knowledge.instance_types import load_instance_types


@pytest.fixture(scope="module")
def sagemaker_model():
    return botocore.session.get_session().get_service_model("sagemaker")


def assert_valid(model, operation: str, request: dict) -> None:
    shape = model.operation_model(operation).input_shape
    report = ParamValidator().validate(request, shape)
    assert not report.has_errors(), report.generate_report()


# One valid job per built-in with an image: (algorithm, instance, hyperparameters).
JOBS = {
    "linear-learner": ("ml.m5.xlarge", {"predictor_type": "binary_classifier"}),
    "xgboost": ("ml.m5.2xlarge", {"num_round": "100", "objective": "binary:logistic"}),
    "knn": ("ml.m5.xlarge", {"feature_dim": "10", "k": "5", "predictor_type": "classifier",
                             "sample_size": "1000"}),
    "factorization-machines": ("ml.c5.xlarge", {"feature_dim": "1000", "num_factors": "64",
                                                "predictor_type": "binary_classifier"}),
    "deepar": ("ml.c5.2xlarge", {"context_length": "24", "epochs": "20",
                                 "prediction_length": "24", "time_freq": "H"}),
    "random-cut-forest": ("ml.m5.xlarge", {"feature_dim": "3"}),
    "ip-insights": ("ml.p3.2xlarge", {"num_entity_vectors": "20000", "vector_dim": "128"}),
    "kmeans": ("ml.m5.xlarge", {"feature_dim": "4", "k": "5"}),
    "pca": ("ml.m5.xlarge", {"feature_dim": "50", "mini_batch_size": "500",
                             "num_components": "5"}),
    "lda": ("ml.m5.xlarge", {"num_topics": "10", "feature_dim": "5000",
                             "mini_batch_size": "1000"}),
    "ntm": ("ml.p3.2xlarge", {"feature_dim": "5000", "num_topics": "20"}),
    "blazingtext": ("ml.c5.2xlarge", {"mode": "supervised"}),
    "seq2seq": ("ml.p3.2xlarge", {}),
    "object2vec": ("ml.m5.2xlarge", {"enc0_max_seq_len": "50", "enc0_vocab_size": "10000"}),
    "image-classification": ("ml.p3.2xlarge", {"num_classes": "10",
                                               "num_training_samples": "5000"}),
    "object-detection": ("ml.g5.xlarge", {"num_classes": "3", "num_training_samples": "800"}),
    "semantic-segmentation": ("ml.p3.2xlarge", {"num_classes": "4",
                                                "num_training_samples": "300"}),
}
REGIONS = ("us-east-1", "eu-west-1", "ap-southeast-2", "cn-north-1", "us-gov-west-1")


def test_every_exportable_algorithm_has_a_job():
    assert set(JOBS) == set(load_images().algorithms())


@pytest.mark.parametrize("algorithm", sorted(JOBS))
@pytest.mark.parametrize("region", REGIONS)
def test_training_job_passes_botocore_validation(sagemaker_model, algorithm, region):
    instance, hps = JOBS[algorithm]
    spec = TrainingSpec(algorithm, region, instance, hyperparameters=hps,
                        role_arn="arn:aws:iam::123456789012:role/Sm",
                        s3_input="s3://my-bucket/train/", s3_output="s3://my-bucket/out/")
    if load_images().uri(algorithm, region) is None:  # e.g. no LDA image in cn-north-1
        with pytest.raises(ExportError) as exc:
            training_job_request(spec)
        assert exc.value.field == "--region" and "no " in str(exc.value)
        return
    req = training_job_request(spec)
    assert_valid(sagemaker_model, "CreateTrainingJob", req)
    assert req["AlgorithmSpecification"]["TrainingImage"] == load_images().uri(algorithm, region)
    assert all(isinstance(v, str) for v in req.get("HyperParameters", {}).values())
    assert "Tags" not in req  # nothing assumed


def test_placeholders_are_labelled_and_still_valid(sagemaker_model):
    req = training_job_request(TrainingSpec("xgboost", "us-east-1", "ml.m5.xlarge",
                                            hyperparameters={"num_round": "10"}))
    assert_valid(sagemaker_model, "CreateTrainingJob", req)
    tag = req["Tags"][0]
    assert tag["Key"] == "sagewise-placeholders"
    assert set(tag["Value"].split()) == {"RoleArn", "InputDataConfig", "OutputDataConfig"}


def test_hyperparameters_are_strings_and_typed():
    req = training_job_request(TrainingSpec("xgboost", "us-east-1", "ml.m5.xlarge",
                                            hyperparameters={"num_round": "100", "eta": "0.1",
                                                             "max_depth": "6"}))
    assert req["HyperParameters"] == {"num_round": "100", "eta": "0.1", "max_depth": "6"}


@pytest.mark.parametrize("kind, extra", [
    ("realtime", {"instance_type": "ml.m5.xlarge"}),
    ("serverless", {"memory_mb": 4096, "max_concurrency": 20}),
    ("serverless", {}),
    ("async", {"instance_type": "ml.g5.xlarge", "output_s3": "s3://bkt/async-out/",
               "max_concurrency": 4}),
])
def test_endpoint_config_passes_botocore_validation(sagemaker_model, kind, extra):
    req = endpoint_config_request(EndpointSpec(kind, "fraud-model", **extra))
    assert_valid(sagemaker_model, "CreateEndpointConfig", req)


def test_instance_type_table_matches_botocore(sagemaker_model):
    """The copied enums are exactly botocore's (regenerate the copy when this fails)."""
    ours = load_instance_types()
    shapes = {"training": "TrainingInstanceType", "hosting": "ProductionVariantInstanceType",
              "transform": "TransformInstanceType"}
    for phase, shape in shapes.items():
        theirs = set(sagemaker_model.shape_for(shape).enum)
        missing = ours.by_phase[phase] - theirs
        assert not missing, f"{phase}: not in botocore {sorted(missing)[:5]}"


def test_image_table_records_the_sdk_and_known_uris():
    table = load_images()
    assert table.sdk.startswith("sagemaker 2.")
    assert table.uri("xgboost", "us-east-1") == \
        "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"
    assert table.uri("kmeans", "cn-north-1").endswith(".amazonaws.com.cn/kmeans:1")
    assert table.uri("xgboost", "eu-isoe-west-1") is None


def test_image_table_agrees_with_the_sdk_when_installed():
    """With the `bench` extra installed, every URI equals sagemaker.image_uris.retrieve."""
    table = load_images()
    if importlib.util.find_spec("sagemaker") is None:
        # Without the SDK: the table is at least self-consistent (one default per algorithm).
        assert all(table.image(a) is not None for a in table.algorithms())
        return
    from sagemaker import image_uris

    for img in table.images:
        for region in ("us-east-1", "eu-central-1", "ap-northeast-1"):
            if region in img.registries:
                assert table.uri(img.algorithm, region, img.version) == image_uris.retrieve(
                    img.framework, region=region, version=img.version)


@pytest.mark.parametrize(("spec", "field"), [
    (dict(algorithm="gpt"), "--algorithm"),
    (dict(algorithm="lightgbm"), "--algorithm"),
    (dict(algorithm="reinforcement-learning"), "--algorithm"),
    (dict(region="mars-1"), "--region"),
    (dict(region="eu-isoe-west-1"), "--region"),
    (dict(instance_type="ml.m5.huge"), "--instance-type"),
    (dict(instance_type="m5.xlarge"), "--instance-type"),
    (dict(algorithm="image-classification",
          hyperparameters={"num_classes": "2", "num_training_samples": "9"}), "--instance-type"),
    (dict(algorithm="random-cut-forest", instance_type="ml.p3.2xlarge",
          hyperparameters={"feature_dim": "3"}), "--instance-type"),
    (dict(algorithm="deepar", input_mode="Pipe",
          hyperparameters={"context_length": "2", "epochs": "2", "prediction_length": "2",
                           "time_freq": "D"}), "--input-mode"),
    (dict(input_mode="Stream"), "--input-mode"),
    (dict(instance_count=0), "--instance-count"),
    (dict(algorithm="lda", instance_count=2,
          hyperparameters={"num_topics": "2", "feature_dim": "9", "mini_batch_size": "9"}),
     "--instance-count"),
    (dict(content_type="image/png"), "--content-type"),
    (dict(algorithm="lda", input_mode="Pipe", content_type="text/csv",
          hyperparameters={"num_topics": "2", "feature_dim": "9", "mini_batch_size": "9"}),
     "--content-type"),
    (dict(hyperparameters={}), "--hyperparameter"),
    (dict(hyperparameters={"num_round": "ten"}), "--hyperparameter"),
    (dict(hyperparameters={"num_round": "0"}), "--hyperparameter"),
    (dict(hyperparameters={"num_round": "10", "eta": "nan"}), "--hyperparameter"),
    (dict(hyperparameters={"num_round": "10", "eta": "2"}), "--hyperparameter"),
    (dict(hyperparameters={"num_round": "10", "objective": "multi:softmax"}), "--hyperparameter"),
    (dict(hyperparameters={"num_round": "10", "objective": "guess"}), "--hyperparameter"),
    (dict(role_arn="admin"), "--role-arn"),
    (dict(role_arn="arn:aws:iam::12:role/x"), "--role-arn"),
    (dict(s3_input="https://bucket/x"), "--s3-input"),
    (dict(s3_output="s3://"), "--s3-output"),
    (dict(s3_output="s3://UPPER/x"), "--s3-output"),
])
def test_bad_training_input_names_the_flag(spec, field):
    base = dict(algorithm="xgboost", region="us-east-1", instance_type="ml.m5.xlarge",
                hyperparameters={"num_round": "10"})
    with pytest.raises(ExportError) as exc:
        training_job_request(TrainingSpec(**{**base, **spec}))
    assert exc.value.field == field


def test_conditional_requirement_is_met():
    c = check_training(TrainingSpec("linear-learner", "us-east-1", "ml.m5.xlarge",
                                    hyperparameters={"predictor_type": "multiclass_classifier",
                                                     "num_classes": "5"}))
    assert c.hyperparameters["num_classes"] == "5"
    with pytest.raises(ExportError, match="num_classes"):
        check_training(TrainingSpec("linear-learner", "us-east-1", "ml.m5.xlarge",
                                    hyperparameters={"predictor_type": "multiclass_classifier"}))


@pytest.mark.parametrize(("spec", "field"), [
    (dict(kind="batch"), "--kind"),
    (dict(model_name="bad name!"), "--model-name"),
    (dict(kind="serverless", instance_type="ml.m5.xlarge"), "--instance-type"),
    (dict(kind="serverless", memory_mb=3000), "--memory-mb"),
    (dict(kind="serverless", max_concurrency=500), "--max-concurrency"),
    (dict(kind="realtime"), "--instance-type"),
    (dict(kind="realtime", instance_type="ml.t3.medium"), "--instance-type"),
    (dict(kind="realtime", instance_type="ml.m5.xlarge", memory_mb=2048), "--memory-mb"),
    (dict(kind="async", instance_type="ml.m5.xlarge"), "--output-s3"),
    (dict(kind="async", instance_type="ml.m5.xlarge", output_s3="bucket/x"), "--output-s3"),
    (dict(kind="realtime", instance_type="ml.m5.xlarge", output_s3="s3://b1/x"), "--output-s3"),
])
def test_bad_endpoint_input_names_the_flag(spec, field):
    base = dict(kind="realtime", model_name="m1")
    with pytest.raises(ExportError) as exc:
        endpoint_config_request(EndpointSpec(**{**base, **spec}))
    assert exc.value.field == field


@pytest.mark.parametrize("strategy", [None, "bayesian", "random", "grid", "hyperband"])
def test_sdk_code_parses_and_uses_current_names(strategy):
    spec = TrainingSpec("xgboost", "eu-west-1", "ml.m5.xlarge", input_mode="Pipe",
                        content_type="text/csv",
                        hyperparameters={"num_round": "200", "objective": "binary:logistic"})
    code = sdk_code(spec, TuningPlan(strategy) if strategy else None,
                    reasons=("XGBoost: labelled tabular data with rare fraud",))
    tree = ast.parse(code)
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    assert {"Estimator", "TrainingInput", "image_uris"} <= names
    assert 'image_uris.retrieve("xgboost", region=region, version="1.7-1")' in code
    assert "# - XGBoost: labelled tabular data with rare fraud" in code
    assert all(len(line) <= 100 for line in code.splitlines())
    if strategy:
        assert "HyperparameterTuner" in names
        assert f'strategy="{strategy.capitalize()}"' in code
    else:
        assert "HyperparameterTuner" not in code
    if strategy == "bayesian":
        assert "max_parallel_jobs=2" in code and 'scaling_type="Logarithmic"' in code
        assert "WarmStartConfig" in code and 'early_stopping_type="Auto"' in code


def test_sdk_tuning_counts_are_checked():
    spec = TrainingSpec("kmeans", "us-east-1", "ml.m5.xlarge",
                        hyperparameters={"k": "5", "feature_dim": "3"})
    with pytest.raises(ExportError) as exc:
        sdk_code(spec, TuningPlan("bayesian", max_jobs=4, max_parallel_jobs=8))
    assert exc.value.field == "--max-parallel-jobs"
    with pytest.raises(ExportError) as exc:
        sdk_code(spec, TuningPlan("annealing"))
    assert exc.value.field == "--tuning"


def test_required_hyperparameters_are_known_to_the_type_table():
    types = load_types()
    catalog = load_catalog()
    for ident in load_images().algorithms():
        for h in catalog.algorithms[ident].required_hyperparameters:
            assert h.name.split("/")[0].strip() in types[ident], (ident, h.name)


def test_broken_tables_name_the_entry(resources_copy):
    p = resources_copy / "image_uris.toml"
    p.write_text(p.read_text().replace('"us-east-1" = "683313688378"', '"us-east-1" = "6833"', 1))
    with pytest.raises(KnowledgeError, match="12-digit"):
        load_images_from(resources_copy)
    h = resources_copy / "hyperparameter_types.toml"
    h.write_text(h.read_text().replace('[xgboost.num_round]\ntype = "int"',
                                      '[xgboost.num_round]\ntype = "integer"'))
    with pytest.raises(KnowledgeError, match="xgboost.*type"):
        load_types_from(resources_copy)


def _exit(argv, capsys):
    try:
        code = main(argv)
    except SystemExit as exc:
        code = exc.code
    return code, capsys.readouterr()


def test_cli_training_job_json(sagemaker_model, capsys):
    code, out = _exit(["export", "training-job", "--algorithm", "kmeans", "--region",
                       "eu-west-1", "--instance-type", "ml.m5.xlarge", "--input-mode", "Pipe",
                       "--hyperparameter", "k=8", "--hyperparameter", "feature_dim=12",
                       "--json"], capsys)
    assert code == 0 and out.err == ""
    req = json.loads(out.out)
    assert_valid(sagemaker_model, "CreateTrainingJob", req)
    assert req["HyperParameters"] == {"k": "8", "feature_dim": "12"}


def test_cli_endpoint_and_sdk(sagemaker_model, capsys):
    code, out = _exit(["export", "endpoint-config", "--kind", "serverless", "--model-name", "m",
                       "--memory-mb", "2048", "--max-concurrency", "10", "--json"], capsys)
    assert code == 0
    assert_valid(sagemaker_model, "CreateEndpointConfig", json.loads(out.out))
    code, out = _exit(["export", "sdk", "--algorithm", "xgboost", "--region", "us-east-1",
                       "--instance-type", "ml.m5.xlarge", "--hyperparameter", "num_round=50",
                       "--tuning", "bayesian", "--problem-type", "binary_classification"], capsys)
    assert code == 0
    ast.parse(out.out)


@pytest.mark.parametrize(("argv", "flag"), [
    (["export", "training-job", "--algorithm", "deepar", "--region", "us-east-1",
      "--instance-type", "ml.m5.xlarge", "--input-mode", "Pipe"], "--input-mode"),
    (["export", "training-job", "--algorithm", "semantic-segmentation", "--region",
      "us-east-1", "--instance-type", "ml.m5.xlarge"], "--instance-type"),
    (["export", "training-job", "--algorithm", "xgboost", "--region", "us-east-1",
      "--instance-type", "ml.m5.xlarge"], "--hyperparameter"),
    (["export", "training-job", "--algorithm", "xgboost", "--region", "us-east-1",
      "--instance-type", "ml.m5.xlarge", "--hyperparameter", "num_round"], "--hyperparameter"),
    (["export", "training-job", "--algorithm", "xgboost", "--region", "us-east-1",
      "--instance-type", "ml.m5.xlarge", "--instance-count", "-1"], "--instance-count"),
    (["export", "endpoint-config", "--kind", "serverless", "--model-name", "m",
      "--memory-mb", "0"], "--memory-mb"),
    (["export", "sdk", "--algorithm", "xgboost", "--region", "us-east-1", "--instance-type",
      "ml.m5.xlarge", "--hyperparameter", "num_round=5", "--max-jobs", "5"], "--max-jobs"),
    (["export"], "KIND"),
])
def test_cli_export_errors_exit_2_naming_the_flag(argv, flag, capsys):
    code, out = _exit(argv, capsys)
    assert code == 2 and out.out == ""
    assert flag in out.err and len(out.err.strip().splitlines()) == 1
