"""Starting hyperparameters for an export, each marked decided or assumed.

The Export panel opens with a job that builds: required hyperparameters get the card's
numeric starting value, the value the problem type decides (``objective``,
``predictor_type``), or an example value from ``export_rules.toml``. Only the
problem-type values are decided; the others are assumptions and are labelled as such
wherever the export goes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sagewise.knowledge.catalog import load_catalog
from sagewise.knowledge.export.hyperparameters import load_types
from sagewise.knowledge.export.rules import rules_for

_NUMBER = re.compile(r"^-?\d+(\.\d+)?")


@dataclass(frozen=True)
class Prefilled:
    """Hyperparameters in order, and the names whose value is an assumption."""

    values: dict[str, str]
    assumed: frozenset[str]

    def text(self) -> str:
        """``name=value`` lines, as the Export panel shows them."""
        return "\n".join(f"{k}={v}" for k, v in self.values.items())


def _start(algorithm: str, name: str, start: str) -> str:
    """The card's starting value when it is usable as is ("" when it is advice only)."""
    t = load_types().get(algorithm, {}).get(name)
    word = start.strip().split(" ")[0] if start.strip() else ""
    if t is not None and t.type == "choice":
        return word if word in t.values else ""
    if t is not None and t.type == "string":
        return ""
    m = _NUMBER.match(start.strip())
    if not m or start.strip()[m.end():].strip().startswith(("x ", "*")):
        return ""  # "2 x unique entities" is a formula, not a value
    return m.group(0)


def prefill(algorithm: str, problem_type: str = "") -> Prefilled:
    """Required hyperparameters (and the problem's own) for a first export that builds."""
    algo = load_catalog().algorithms[algorithm]
    rules = rules_for(algorithm)
    rule = rules.problems.get(problem_type)
    values: dict[str, str] = {}
    assumed: set[str] = set()
    if rule is not None:
        values[rule.hyperparameter] = rule.values[0]
    elif rules.problem_hyperparameter:
        # Unknown problem: the card's starting value (XGBoost: binary:logistic), assumed,
        # so the tuning metric is defined and the job does not silently train a regression.
        hp = rules.problem_hyperparameter
        start = next((h.start for h in (*algo.required_hyperparameters,
                                        *algo.key_hyperparameters) if h.name == hp), "")
        value = start.split(" ")[0] if start else ""
        if any(value in r.values for r in rules.problems.values()):
            values[hp] = value
            assumed.add(hp)
    for h in algo.required_hyperparameters:
        if h.when:
            continue
        name = h.name.split("/")[0].strip()
        if name in values:
            continue
        value = _start(algorithm, name, h.start) or rules.examples.get(name, "")
        if value:
            values[name] = value
            assumed.add(name)
    for name in (rule.needs if rule else ()):
        if name not in values and name in rules.examples:
            values[name] = rules.examples[name]
            assumed.add(name)
    return Prefilled(values, frozenset(assumed))
