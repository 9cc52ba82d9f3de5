"""Sizing calculators: pure functions over limits kept in resources/limits.toml."""
