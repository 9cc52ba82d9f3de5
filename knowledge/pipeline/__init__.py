"""Pipeline decisions: how data arrives, is prepared, trained on, tuned, served, watched, secured.

``data`` loads ``resources/pipeline.toml`` with the decision-graph loader; ``engine`` scores
each area with the recommendation engine's scoring; ``describe`` reads a plain-English
description with the same cue machinery as the algorithm wizard; ``record`` writes the
Markdown section of the decision record.
"""
