"""The algorithm browser."""
