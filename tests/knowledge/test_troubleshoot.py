"""Troubleshooting search finds the right symptom for the words people use."""

from __future__ import annotations

import pytest
from sagewise.knowledge.troubleshoot import load_troubles, search


@pytest.mark.parametrize(("text", "expected"), [
    ("training accuracy is great but validation accuracy is poor", "overfitting"),
    ("both training and validation error are high, model too simple", "underfitting"),
    ("my loss keeps oscillating up and down", "loss_oscillating"),
    ("the loss is decreasing very slowly", "loss_slow"),
    ("k-NN has low precision and low accuracy", "knn_low_precision"),
    ("vanishing gradients in a deep sigmoid network", "vanishing_gradient"),
    ("the model predicts the majority class for everything; fraud is a rare class", "class_imbalance"),
    ("many missing values in several columns", "missing_data"),
    ("training job slow to start on a large CSV in S3", "slow_start_large_data"),
    ("loss becomes NaN and weights blow up", "exploding_gradient"),
])
def test_symptoms_are_found(text, expected):
    hits = [t.id for t in search(load_troubles(), text)]
    assert expected in hits[:2], hits[:3]


def test_every_entry_has_causes_and_remedies():
    for t in load_troubles():
        assert t.causes and t.remedies and t.symptom


def test_nonsense_finds_nothing_and_non_text_is_refused():
    assert search(load_troubles(), "zzz qqq") == []
    with pytest.raises(Exception, match="string"):
        search(load_troubles(), 42)
