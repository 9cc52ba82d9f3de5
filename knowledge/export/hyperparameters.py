"""Typed hyperparameter checks from ``resources/hyperparameter_types.toml``.

Values arrive as text (``--hyperparameter K=V``) and leave as text (SageMaker wants
strings); in between they are parsed by type and range so a wrong value is caught here,
not an hour into a training job.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from pathlib import Path

from sagewise.knowledge.errors import KnowledgeError
from sagewise.knowledge.paths import resources_dir
from sagewise.knowledge.schema import Table, Where, load_toml

FILE = "hyperparameter_types.toml"
TYPES = ("int", "float", "choice", "string")
SCALINGS = ("Linear", "Logarithmic")


@dataclass(frozen=True)
class HyperparameterType:
    """How one hyperparameter of one algorithm is checked (and tuned)."""

    name: str
    type: str
    minimum: float | None = None
    maximum: float | None = None
    values: tuple[str, ...] = ()
    required_if: dict[str, tuple[str, ...]] = field(default_factory=dict)
    tune: tuple[float, float] | None = None
    scaling: str = "Linear"

    def check(self, raw: str) -> str:
        """The value as SageMaker wants it (text), or KnowledgeError saying what is allowed."""
        if self.type == "choice":
            if raw not in self.values:
                raise KnowledgeError(f"{self.name} must be one of {', '.join(self.values)} "
                                     f"(got '{raw}')")
            return raw
        if self.type == "string":
            if not raw.strip():
                raise KnowledgeError(f"{self.name} must not be empty")
            return raw
        try:
            value = int(raw) if self.type == "int" else float(raw)
        except ValueError:
            kind = "a whole number" if self.type == "int" else "a number"
            raise KnowledgeError(f"{self.name} must be {kind} (got '{raw}')") from None
        if isinstance(value, float) and not math.isfinite(value):
            raise KnowledgeError(f"{self.name} must be a finite number (got '{raw}')")
        if self.minimum is not None and value < self.minimum:
            raise KnowledgeError(f"{self.name} must be >= {_num(self.minimum)} (got '{raw}')")
        if self.maximum is not None and value > self.maximum:
            raise KnowledgeError(f"{self.name} must be <= {_num(self.maximum)} (got '{raw}')")
        return str(value)


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(x)


def parse_types(data: dict, display: str = FILE) -> dict[str, dict[str, HyperparameterType]]:
    """Validate the file: per algorithm, per hyperparameter."""
    top = Table(data, Where(display))
    out: dict[str, dict[str, HyperparameterType]] = {}
    for algo in list(data):
        at = top.table(algo)
        at.where = Where(display, algo, "")
        out[algo] = {}
        for name in list(at.data):
            t = at.table(name)
            kind = t.choice("type", TYPES)
            req: dict[str, tuple[str, ...]] = {}
            if "required_if" in t.data:
                rt = t.table("required_if")
                req = {k: rt.str_list(k) for k in list(rt.data)}
                rt.finish()
            tune = None
            if "tune" in t.data:
                t._used.add("tune")
                pair = t.data["tune"]
                if (not isinstance(pair, list) or len(pair) != 2
                        or not all(isinstance(x, (int, float)) for x in pair) or pair[0] >= pair[1]):
                    raise t.where.at("tune").fail("must be [low, high] with low < high")
                tune = (float(pair[0]), float(pair[1]))
            mn = t.number("minimum" if "minimum" in t.data else "min", required=False,
                          default=None)
            mx = t.number("maximum" if "maximum" in t.data else "max", required=False,
                          default=None)
            scaling = t.choice("scaling", SCALINGS, required=False, default="Linear")
            if scaling == "Logarithmic" and tune and tune[0] <= 0:
                raise t.where.at("tune").fail("a logarithmic range must be > 0")
            out[algo][name] = HyperparameterType(
                name, kind, mn, mx, t.str_list("values", required=kind == "choice"), req, tune,
                scaling)
            t.finish()
        at.finish()
    top.finish()
    return out


def load_types_from(root: Path) -> dict[str, dict[str, HyperparameterType]]:
    """Load from a resources folder."""
    return parse_types(load_toml(root / FILE, FILE))


@functools.cache
def load_types() -> dict[str, dict[str, HyperparameterType]]:
    """The shipped table (cached)."""
    return load_types_from(resources_dir())
