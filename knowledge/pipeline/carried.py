"""What the pipeline carries over from the algorithm wizard, in the user's words: answer
labels and the algorithm's name, never the internal ids (``inference = real_time``)."""

from __future__ import annotations

from sagewise.knowledge.pipeline.engine import ALGORITHM_KEY


def carried_labels(pd, context: dict[str, str], catalog=None) -> list[str]:
    """One readable phrase per carried answer, in the order given ("Real time (an
    endpoint)", "algorithm XGBoost"); unknown ids are shown as they are."""
    out = []
    for key, value in context.items():
        if key == ALGORITHM_KEY:
            out.append(f"algorithm {algorithm_name(value, catalog)}")
            continue
        question = pd.dd.questions.get(key)
        try:
            out.append(question.answer(value).label if question else value)
        except (KeyError, ValueError):
            out.append(value)
    return out


def algorithm_name(ident: str, catalog=None) -> str:
    """The catalog's display name of an algorithm id (the id itself when unknown)."""
    if catalog is None:
        from sagewise.knowledge.catalog import load_catalog

        catalog = load_catalog()
    algo = catalog.algorithms.get(ident)
    return algo.name if algo is not None else ident
