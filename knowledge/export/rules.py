"""What an export needs beyond the algorithm cards: ``resources/export_rules.toml``.

Per algorithm: the documented hyperparameter names (an unknown name fails the training
job only after it started, so it is refused here), how the train channel is distributed,
example values for required hyperparameters nobody can know in advance (always labelled
as assumed), and per problem type the hyperparameter that states the problem (XGBoost's
``objective``, Linear Learner's ``predictor_type``) with the tuning metric that fits it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from sagewise.knowledge.catalog import PROBLEM_TYPES
from sagewise.knowledge.paths import resources_dir
from sagewise.knowledge.schema import Table, Where, load_toml

FILE = "export_rules.toml"
SHARDING = ("always", "multi-cpu", "never")


@dataclass(frozen=True)
class ProblemRule:
    """How one problem type is stated to one algorithm, and how it is tuned."""

    problem_type: str
    hyperparameter: str
    values: tuple[str, ...]      # values meaning this problem; [0] is set when known
    metric: str                  # tuning objective metric, e.g. validation:auc
    needs: tuple[str, ...] = ()  # other hyperparameters this problem needs (num_class)


@dataclass(frozen=True)
class AlgorithmRules:
    """Export rules of one algorithm."""

    algorithm: str
    names: frozenset[str]
    shard_train: str
    examples: dict[str, str] = field(default_factory=dict)
    problems: dict[str, ProblemRule] = field(default_factory=dict)

    def problem_of(self, hyperparameters: dict[str, str]) -> str:
        """The problem type the given hyperparameters state ("" when they state none)."""
        for rule in self.problems.values():
            if hyperparameters.get(rule.hyperparameter) in rule.values:
                return rule.problem_type
        return ""

    @property
    def problem_hyperparameter(self) -> str:
        """The hyperparameter that states the problem ("" when the algorithm has none)."""
        return next((r.hyperparameter for r in self.problems.values()), "")


def parse_rules(data: dict, display: str = FILE) -> dict[str, AlgorithmRules]:
    """Validate the file: every entry and field is named in the message."""
    top = Table(data, Where(display))
    out: dict[str, AlgorithmRules] = {}
    for algo in list(data):
        t = top.table(algo)
        t.where = Where(display, algo, "")
        names = t.str_list("names", required=False, min_items=0)
        examples: dict[str, str] = {}
        if "examples" in t.data:
            et = t.table("examples")
            for k in list(et.data):
                examples[k] = et.str(k)
            et.finish()
        problems: dict[str, ProblemRule] = {}
        if "problem" in t.data:
            pt = t.table("problem")
            for ptype in list(pt.data):
                if ptype not in PROBLEM_TYPES:
                    raise pt.where.at(ptype).fail(f"is not a problem type (known: "
                                                  f"{', '.join(PROBLEM_TYPES)})")
                r = pt.table(ptype)
                metric = r.str("metric")
                if metric.split(":")[0] not in ("train", "validation", "test"):
                    raise r.where.at("metric").fail("must start with train:, validation: or "
                                                    f"test: (got '{metric}')")
                problems[ptype] = ProblemRule(ptype, r.str("hyperparameter"), r.str_list("values"),
                                              metric, r.str_list("needs", required=False))
                r.finish()
            pt.finish()
        all_names = frozenset(names)
        for n in [*examples, *(p.hyperparameter for p in problems.values()),
                  *(x for p in problems.values() for x in p.needs)]:
            if n not in all_names:
                raise t.where.at("names").fail(f"'{n}' is used in this entry but not listed")
        out[algo] = AlgorithmRules(algo, all_names, t.choice("shard_train", SHARDING),
                                   examples, problems)
        t.finish()
    top.finish()
    return out


def load_rules_from(root: Path) -> dict[str, AlgorithmRules]:
    """Load from a resources folder."""
    return parse_rules(load_toml(root / FILE, FILE))


@functools.cache
def load_rules() -> dict[str, AlgorithmRules]:
    """The shipped rules (cached)."""
    return load_rules_from(resources_dir())


def rules_for(algorithm: str) -> AlgorithmRules:
    """An algorithm's rules (empty rules, nothing known, when it has none)."""
    return load_rules().get(algorithm) or AlgorithmRules(algorithm, frozenset(), "never")
