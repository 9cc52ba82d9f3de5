"""Batch size and learning-rate scaling across GPUs and instances.

    global batch B = per-device batch x devices per instance x instances
    k = B / B0 (the batch the base learning rate was tuned for)
    linear rule:      lr = lr0 * k          (Goyal et al. 2017, with gradual warmup)
    square-root rule: lr = lr0 * sqrt(k)    (Krizhevsky 2014; Hoffer et al. 2017)
    none:             lr = lr0

Gradual warmup ramps the rate linearly from lr0 to the scaled rate over the first epochs
(5 in Goyal et al.). The linear rule held to a batch of ~8k for ResNet-50 on ImageNet;
beyond that, use LARS/LAMB or square-root scaling and expect diminishing returns.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

from sagewise.knowledge.errors import InputError
from sagewise.knowledge.sizing.inputs import choice, number
from sagewise.knowledge.sizing.limits import limit

RULES = ("linear", "sqrt", "none")
OPTIMIZERS = ("sgd", "adam")
MAX_BATCH = 1e12


@dataclass(frozen=True)
class ScalingResult:
    """Scaled batch and learning rate with the warmup plan and cautions."""

    global_batch: int
    learning_rate: float
    scale_factor: float      # multiplier applied to the learning rate
    batch_ratio: float       # k = global batch / base batch
    warmup_epochs: float
    rule: str
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        """JSON form."""
        return asdict(self)


def scale(*, base_lr: float, base_batch: float, new_batch: float | None = None,
          per_device_batch: float | None = None, devices: float | None = None,
          instances: float = 1, rule: str = "linear", warmup_epochs: float | None = None,
          optimizer: str = "sgd", algorithm: str | None = None,
          sequence_length: float | None = None) -> ScalingResult:
    """Scale the learning rate to a new global batch (see module docstring)."""
    lr0 = number("base_lr", base_lr, positive=True, maximum=100)
    b0 = number("base_batch", base_batch, positive=True, integer=True, maximum=MAX_BATCH)
    rule = choice("rule", rule, RULES)
    optimizer = choice("optimizer", optimizer, OPTIMIZERS)
    if new_batch is not None and (per_device_batch is not None or devices is not None):
        raise InputError("new_batch", "give either the new global batch or the per-device "
                         "batch with devices, not both")
    # checked even when unused, so a bad value is never silently ignored
    inst = number("instances", instances, positive=True, integer=True, maximum=10_000)
    if new_batch is not None:
        b = number("new_batch", new_batch, positive=True, integer=True, maximum=MAX_BATCH)
        if inst != 1:
            raise InputError("instances", "counts only with the per-device batch and devices; "
                             "the new global batch already includes every instance")
    else:
        if per_device_batch is None or devices is None:
            raise InputError("per_device_batch", "give the per-device batch and the devices "
                             "per instance (or the new global batch)")
        pdb = number("per_device_batch", per_device_batch, positive=True, integer=True,
                     maximum=MAX_BATCH)
        dev = number("devices", devices, positive=True, integer=True, maximum=1024)
        b = pdb * dev * inst
    seq = number("sequence_length", sequence_length, positive=True, integer=True,
                 maximum=10_000_000, allow_none=True)  # beyond any model's context
    k = b / b0
    factor = {"linear": k, "sqrt": math.sqrt(k), "none": 1.0}[rule]
    lr = lr0 * factor
    if warmup_epochs is None:
        warm = limit("scaling.goyal_warmup_epochs") if (rule != "none" and factor > 1) else 0.0
    else:
        warm = number("warmup_epochs", warmup_epochs, minimum=0, maximum=1000)
    warnings = _warnings(b, k, factor, warm, rule, optimizer, algorithm, seq)
    return ScalingResult(int(b), lr, factor, k, warm, rule, warnings)


def warmup_schedule(result: ScalingResult, base_lr: float, epochs: float,
                    points: int = 101) -> list[tuple[float, float]]:
    """(epoch, learning rate) pairs: a linear ramp from ``base_lr`` over the warmup."""
    epochs = number("epochs", epochs, positive=True, maximum=10_000)
    out = []
    for i in range(points):
        e = epochs * i / (points - 1)
        if result.warmup_epochs > 0 and e < result.warmup_epochs:
            lr = base_lr + (result.learning_rate - base_lr) * e / result.warmup_epochs
        else:
            lr = result.learning_rate
        out.append((e, lr))
    return out


# Algorithms whose docs say extra GPUs in one instance do not help, or that use one GPU.
_SINGLE_GPU_NOTES = {
    "linear-learner": "Linear Learner: no evidence that multi-GPU instances train faster; "
                      "scale out with more instances instead.",
    "kmeans": "k-means uses only one GPU per instance; extra GPUs are wasted.",
    "knn": "k-NN uses one GPU device per instance.",
    "xgboost": "XGBoost 1.2-2 to 1.3-1 use one GPU per instance; all GPUs only via Dask "
               "from 1.5-1.",
}
_SINGLE_MACHINE = {"seq2seq", "object2vec", "semantic-segmentation", "lda", "catboost",
                   "autogluon-tabular", "tabtransformer", "text-classification-tf"}


def _warnings(b: float, k: float, factor: float, warm: float, rule: str, optimizer: str,
              algorithm: str | None, seq: float | None) -> list[str]:
    out = []
    max_linear = limit("scaling.linear_rule_max_batch")
    if rule == "linear" and b > max_linear:
        out.append(f"Global batch {b:,.0f} is above ~{max_linear:,.0f}, where the linear rule "
                   "with warmup stopped matching small-batch accuracy (Goyal et al.): consider "
                   "LARS/LAMB or square-root scaling.")
    if rule != "none" and factor >= 2 and warm == 0:
        out.append(f"The learning rate grows {factor:.1f}x with no warmup: early training may "
                   "diverge; warm up over the first epochs.")
    if rule == "linear" and optimizer == "adam" and k > 1:
        out.append("Adam is usually scaled by the square root of the batch ratio, not linearly.")
    if k > 1:
        out.append("Bigger batches mean fewer updates per epoch: there is a model-specific "
                   "critical batch size beyond which more GPUs stop shortening training.")
    if seq is not None:
        tokens = b * seq
        cap = limit("scaling.llm_token_batch")
        if tokens > cap:
            out.append(f"{tokens:,.0f} tokens per batch is above the ~{cap / 1e6:.0f} M most "
                       "LLM work stays under (SageMaker model parallel best practices).")
    if algorithm:
        if algorithm in _SINGLE_GPU_NOTES:
            out.append(_SINGLE_GPU_NOTES[algorithm])
        if algorithm in _SINGLE_MACHINE:
            out.append(f"{algorithm} trains on a single machine: more instances do not help.")
    return out
