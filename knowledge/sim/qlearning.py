"""Tabular Q-learning, SARSA and Expected SARSA on a GridWorld.

Watkins' one-step Q-learning:

    Q(s,a) <- Q(s,a) + alpha * (r + gamma * max_a' Q(s',a') - Q(s,a))

alpha is the learning rate (how far Q moves toward the target), gamma the discount (how
much the future counts): two different things. (Study notes often write
``Q += alpha * (r + max Q(s') - Q)`` - gamma = 1 hides it - and some call alpha the
discount.) SARSA uses Q(s', a') for the action actually taken next; Expected SARSA
uses the expectation of Q(s', .) under the epsilon-greedy policy (Sutton & Barto 6.6):
epsilon/|A| on every action plus (1 - epsilon) on the greedy value. If s' is terminal
(or the agent just left an exit cell) the target is just r; an episode cut off by the
step limit is not terminal, so the last update still bootstraps.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from sagewise.knowledge.errors import InputError
from sagewise.knowledge.sim.gridworld import GridWorld

ALGORITHMS = ("qlearning", "sarsa", "expected-sarsa")


@dataclass(frozen=True)
class Update:
    """One step and the update it made (shown as the live equation)."""

    episode: int
    t: int
    state: int
    action: int
    reward: float
    next_state: int
    terminated: bool
    truncated: bool
    old_q: float
    target: float
    bootstrap: float      # gamma * max Q(s',.) / gamma * Q(s',a') / gamma * E[Q(s',.)]
    new_q: float
    alpha: float
    gamma: float
    epsilon: float


def _check(name: str, value: object, lo: float, hi: float, lo_open: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        raise InputError(name, f"must be a number (got {value!r})")
    if (value <= lo if lo_open else value < lo) or value > hi:
        bound = f"({lo}, {hi}]" if lo_open else f"[{lo}, {hi}]"
        raise InputError(name, f"must be in {bound} (got {value})")
    return float(value)


class Agent:
    """An epsilon-greedy tabular learner with random tie-breaking.

    ``step()`` advances one environment step (for the animation); ``train(n)`` runs
    whole episodes as fast as plain Python allows (for "train N instantly" and the CLI).
    Parameters may change between steps and take effect at once.
    """

    def __init__(self, world: GridWorld, algorithm: str = "qlearning", alpha: float = 0.5,
                 gamma: float | None = None, epsilon: float = 0.1, epsilon_decay: float = 1.0,
                 epsilon_min: float = 0.0, seed: int = 0) -> None:
        if algorithm not in ALGORITHMS:
            raise InputError("agent", f"must be one of {', '.join(ALGORITHMS)} (got "
                             f"{algorithm!r})")
        self.world = world
        self.algorithm = algorithm
        self.alpha = _check("alpha", alpha, 0.0, 1.0, lo_open=True)
        self.gamma = _check("gamma", world.gamma if gamma is None else gamma, 0.0, 1.0)
        self.epsilon = _check("epsilon", epsilon, 0.0, 1.0)
        self.epsilon_decay = _check("epsilon_decay", epsilon_decay, 0.0, 1.0, lo_open=True)
        self.epsilon_min = _check("epsilon_min", epsilon_min, 0.0, 1.0)
        if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
            raise InputError("seed", f"must be a whole number >= 0 (got {seed!r})")
        self.seed = seed
        self.reset()

    # ---- state

    def reset(self) -> None:
        """Forget everything (Q = 0) and restart from the seed."""
        self.rng = random.Random(self.seed)
        self.n_actions = self.world.n_actions
        self.q = [[0.0] * self.n_actions for _ in range(self.world.n_states)]
        self.visits = [0] * self.world.n_states
        self.returns: list[float] = []
        self.lengths: list[int] = []
        self.episode = 0
        self._begin_episode()

    def _begin_episode(self) -> None:
        self.state = self.world.start
        self.t = 0
        self.ep_return = 0.0
        self.path = [self.state]
        self.next_action = self.choose(self.state)

    def greedy(self, state: int) -> int:
        """Best action, ties broken at random."""
        row = self.q[state]
        best = max(row)
        choices = [a for a in range(len(row)) if row[a] == best]
        return choices[0] if len(choices) == 1 else self.rng.choice(choices)

    def choose(self, state: int) -> int:
        """Epsilon-greedy action."""
        if self.rng.random() < self.epsilon:
            return self.rng.randrange(self.n_actions)
        return self.greedy(state)

    def expected_q(self, state: int) -> float:
        """E[Q(state, .)] under the current epsilon-greedy policy (ties share the
        greedy mass evenly, matching the random tie-breaking)."""
        return expected_q(self.q[state], self.epsilon)

    # ---- one step (animation)

    def step(self) -> Update:
        """Take one action, learn from it, and report the update."""
        world, q = self.world, self.q
        s, a = self.state, self.next_action
        s2, r, terminated = world.step(s, a, self.rng)
        self.t += 1
        truncated = not terminated and self.t >= world.max_steps
        a2 = None
        if terminated:
            boot = 0.0
        elif self.algorithm == "qlearning":
            boot = self.gamma * max(q[s2])
        elif self.algorithm == "expected-sarsa":
            boot = self.gamma * self.expected_q(s2)
        else:
            a2 = self.choose(s2)
            boot = self.gamma * q[s2][a2]
        old = q[s][a]
        target = r + boot
        q[s][a] = old + self.alpha * (target - old)
        self.visits[s] += 1
        self.ep_return += r
        self.path.append(s2)
        update = Update(self.episode, self.t, s, a, r, s2, terminated, truncated, old, target,
                        boot, q[s][a], self.alpha, self.gamma, self.epsilon)
        if terminated or truncated:
            self._end_episode()
        else:
            self.state = s2
            self.next_action = a2 if a2 is not None else self.choose(s2)
        return update

    def _end_episode(self) -> None:
        self.returns.append(self.ep_return)
        self.lengths.append(self.t)
        self.episode += 1
        self.epsilon = max(self.epsilon_min, self.epsilon * self.epsilon_decay)
        self._begin_episode()

    # ---- fast training

    def train(self, episodes: int, should_stop=None) -> int:
        """Finish the current episode and run more, ``episodes`` in all; returns how many
        finished (``should_stop`` can end early). Same seed, same result as stepping."""
        if isinstance(episodes, bool) or not isinstance(episodes, int) or episodes < 0:
            raise InputError("episodes", f"must be a whole number >= 0 (got {episodes!r})")
        world = self.world
        nxt, rew, term, cliff = world.table
        start, slip, max_steps = world.start, world.slip, world.max_steps
        q, visits, rng = self.q, self.visits, self.rng
        rand, randrange = rng.random, rng.randrange
        alpha, gamma, sarsa = self.alpha, self.gamma, self.algorithm == "sarsa"
        expected = self.algorithm == "expected-sarsa"
        leaves, n_a = world.leaves, self.n_actions
        done = 0
        for i in range(episodes):
            if should_stop is not None and should_stop():
                break
            eps = self.epsilon

            def pick(state):
                if rand() < eps:
                    return randrange(n_a)
                row = q[state]
                best = max(row)
                if row.count(best) == 1:
                    return row.index(best)
                return rng.choice([i for i in range(n_a) if row[i] == best])

            if i == 0:  # continue the episode in progress, exactly where step() left it
                s, a, t, total = self.state, self.next_action, self.t, self.ep_return
            else:
                s, t, total = start, 0, 0.0
                a = pick(s)
            while True:
                b = a
                if slip and rand() < slip:
                    b = (a + (1 if rand() < 0.5 else 3)) % 4
                s2 = nxt[s][b]
                r = rew[s][b]
                terminated = term[s2] or leaves[s]
                if cliff[s2]:
                    s2, terminated = start, False
                t += 1
                total += r
                visits[s] += 1
                if terminated:
                    q[s][a] += alpha * (r - q[s][a])
                    break
                if sarsa:
                    a2 = pick(s2)
                    q[s][a] += alpha * (r + gamma * q[s2][a2] - q[s][a])
                elif expected:
                    q[s][a] += alpha * (r + gamma * expected_q(q[s2], eps) - q[s][a])
                    a2 = pick(s2)
                else:
                    row2 = q[s2]
                    q[s][a] += alpha * (r + gamma * max(row2) - q[s][a])
                    a2 = pick(s2)
                s, a = s2, a2
                if t >= max_steps:
                    break
            self.returns.append(total)
            self.lengths.append(t)
            self.episode += 1
            self.epsilon = max(self.epsilon_min, self.epsilon * self.epsilon_decay)
            done += 1
        self._begin_episode()
        return done

    # ---- evaluation

    def greedy_rollout(self, max_steps: int | None = None,
                       seed: int = 12345) -> tuple[float, list[tuple[int, int]], bool]:
        """Follow the greedy policy without learning: (return, path cells, ended).

        ``ended`` is True when a terminal cell (goal or pit) was reached; the last path
        cell tells which (see :meth:`rollout_outcome`).

        Ties break at random with a fixed seed; the step cap stops loops in states the
        agent never learned about.
        """
        world = self.world
        rng = random.Random(seed)
        # a greedy policy can loop where Q is still flat: cap the walk (worlds with a
        # huge episode limit, such as Windy Gridworld, would otherwise walk for ages)
        cap = max_steps or min(world.max_steps, max(1000, 4 * world.n_states))
        s, total, path = world.start, 0.0, [world.cell(world.start)]
        for _ in range(cap):
            row = self.q[s]
            best = max(row)
            a = rng.choice([i for i in range(len(row)) if row[i] == best])
            s, r, terminated = world.step(s, a, rng)
            total += r
            path.append(world.cell(s))
            if terminated:
                return total, path, True
        return total, path, False

    def rollout_outcome(self, path: list[tuple[int, int]], ended: bool) -> str:
        """'goal', 'pit', 'exit <value>' or 'step limit' for a rollout."""
        if not ended:
            return "step limit"
        r, c = path[-1]
        s = r * self.world.n_cols + c
        kind = self.world.kind(s)
        return f"exit {self.world.exit_values[s]:g}" if kind == "exit" else kind

    def greedy_mean_return(self, tries: int = 200) -> float:
        """Average return of greedy rollouts (a sample average on noisy grids)."""
        return sum(self.greedy_rollout(seed=i)[0] for i in range(tries)) / tries

    def greedy_success_rate(self, tries: int = 200) -> float:
        """Share of greedy rollouts that reach a goal (a sample average on slippery grids)."""
        wins = 0
        for i in range(tries):
            _, path, ended = self.greedy_rollout(seed=i)
            wins += self.rollout_outcome(path, ended) == "goal"
        return wins / tries

    def state_values(self) -> list[float]:
        """max_a Q(s, a) for every state."""
        return [max(row) for row in self.q]


def expected_q(row: list[float], epsilon: float) -> float:
    """sum_a pi(a) Q(a) for epsilon-greedy pi: epsilon/|A| each, plus (1 - epsilon)
    split evenly between the greedy actions."""
    return epsilon * sum(row) / len(row) + (1 - epsilon) * max(row)
