"""Problem-framing wizard and the recommendation view."""
