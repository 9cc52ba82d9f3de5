"""Endpoint auto scaling target and instance count.

    SageMakerVariantInvocationsPerInstance = MAX_RPS x SAFETY_FACTOR x 60

MAX_RPS comes from a single-instance load test (where latency rises or errors start);
start with a safety factor of 0.5; drop the x60 if the load test measured per minute.
Instances at peak = ceil(peak RPS / (MAX_RPS x SAFETY_FACTOR)), and at least two across
Availability Zones for availability.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

from sagewise.knowledge.errors import InputError
from sagewise.knowledge.sizing.inputs import number
from sagewise.knowledge.sizing.limits import limit

MAX_INSTANCES = 100_000
MIN_RPS = 1e-3  # one request in about 17 minutes; below that a load test measured nothing


@dataclass(frozen=True)
class EndpointResult:
    """Target tracking value and instance counts."""

    invocations_per_instance: float
    instances: int
    instances_for_load: int
    target_rps_per_instance: float
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        """JSON form."""
        return asdict(self)


def autoscaling(*, max_rps: float, safety_factor: float | None = None,
                peak_rps: float | None = None, per_minute: bool = False) -> EndpointResult:
    """Target value for SageMakerVariantInvocationsPerInstance and instances at peak."""
    rps = number("max_rps", max_rps, minimum=MIN_RPS, maximum=1e9)
    sf = limit("endpoint.default_safety_factor") if safety_factor is None else \
        number("safety_factor", safety_factor, minimum=0.01, maximum=1)
    peak = number("peak_rps", peak_rps, minimum=0, maximum=1e12, allow_none=True)
    target = rps * sf
    invocations = target if per_minute else target * 60
    minimum = int(limit("endpoint.min_instances_for_availability"))
    for_load = math.ceil(round(peak / target, 9)) if peak else 1
    if for_load > MAX_INSTANCES:
        raise InputError("peak_rps", f"needs {peak / target:,.3g} instances at "
                         f"{target:.3g} requests/s each, beyond any real endpoint (this "
                         f"calculator stops at {MAX_INSTANCES:,}); check the units")
    notes = [f"Target tracking keeps each instance near {invocations:,.1f} invocations per "
             f"minute ({target:,.2f} requests/s, {sf:.0%} of the measured maximum)."]
    if not per_minute:
        notes.append("The x60 converts requests per second to the metric's per-minute count; "
                     "leave it out if the load test measured per minute.")
    notes.append(f"Run at least {minimum} instances in different Availability Zones.")
    return EndpointResult(invocations, max(minimum, for_load), for_load, target, notes)
