"""Simulations behind the visual demos: pure NumPy, no timers, threads or plotting."""
