"""Q-learning speed: headless training against gymnasium, and the view's frame rate.

Usage: python bench/qlearning_speed.py   (needs the bench extra: pip install -e ".[bench]")

1. Environment steps per second training tabular Q-learning on Cliff Walking
   (alpha 0.5, gamma 1, epsilon 0.1, 2,000 episodes): SageWise's Agent.train against a
   textbook Q-learning loop (NumPy Q table, env.reset / env.step) on gymnasium's
   CliffWalking-v1. Goal: at least 5x faster.
2. Frames per second of the running Q-learning view on the 12x12 grid (offscreen Qt,
   each frame = timer tick + full repaint of the grid), against a 30 fps target.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

EPISODES = 2000


def sagewise_steps_per_second() -> tuple[float, int]:
    from sagewise.knowledge.sim.gridworld import load_presets
    from sagewise.knowledge.sim.qlearning import Agent

    agent = Agent(load_presets()["cliff"], alpha=0.5, gamma=1.0, epsilon=0.1, seed=0)
    t = time.perf_counter()
    agent.train(EPISODES)
    dt = time.perf_counter() - t
    steps = sum(agent.lengths)
    return steps / dt, steps


def gymnasium_steps_per_second() -> tuple[float, int]:
    import gymnasium as gym
    import numpy as np

    env = gym.make("CliffWalking-v1")
    q = np.zeros((env.observation_space.n, env.action_space.n))
    rng = np.random.default_rng(0)
    steps = 0
    t = time.perf_counter()
    for ep in range(EPISODES):
        s, _ = env.reset(seed=ep)
        done = False
        while not done:
            a = int(rng.integers(4)) if rng.random() < 0.1 else int(np.argmax(q[s]))
            s2, r, terminated, truncated, _ = env.step(a)
            target = r if terminated else r + 1.0 * np.max(q[s2])
            q[s, a] += 0.5 * (target - q[s, a])
            s, done = s2, terminated or truncated
            steps += 1
    dt = time.perf_counter() - t
    return steps / dt, steps


def view_fps(seconds: float = 3.0) -> float:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from sagewise.gui.demos.qlearning_panel import QLearningPanel

    panel = QLearningPanel()
    panel.resize(1100, 720)
    panel.preset_box.setCurrentIndex(panel.preset_box.findData("empty"))
    panel.speed.set_value(3.0)  # 1,000 steps/s: ~16 steps per frame
    panel.show()
    app.processEvents()
    frames = 0
    t = time.perf_counter()
    while time.perf_counter() - t < seconds:
        panel._on_timer_timeout()          # what one timer tick does
        panel.grid_plots[0].viewport().repaint()
        app.processEvents()
        frames += 1
    fps = frames / (time.perf_counter() - t)
    panel.shutdown()
    return fps


def main() -> None:
    ours, n1 = sagewise_steps_per_second()
    print(f"SageWise Agent.train: {ours:12,.0f} steps/s ({n1:,} steps, {EPISODES} episodes)")
    try:
        ref, n2 = gymnasium_steps_per_second()
    except ImportError:
        print("gymnasium is not installed: pip install -e '.[bench]'")
    else:
        print(f"gymnasium loop     : {ref:12,.0f} steps/s ({n2:,} steps)")
        print(f"ratio (SageWise / gymnasium textbook loop): x{ours / ref:.1f} (goal >= 5)")
    fps = view_fps()
    print(f"Q-learning view, 12x12, running: {fps:.0f} frames/s (target 30): x{fps / 30:.1f}")


if __name__ == "__main__":
    main()
