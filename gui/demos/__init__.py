"""Interactive demos (Q-learning, k-means)."""
