"""Mergeable one-pass summaries: moments, a distinct-count sketch, a row sample.

Everything here updates from one Arrow batch at a time and never holds more than a bound,
so the profile of a 1 GB file and of a 10 GB file use about the same memory.
"""

from __future__ import annotations

import math

import numpy as np

MAX_U64 = np.uint64(0xFFFFFFFFFFFFFFFF)


class Moments:
    """Count, mean and the 2nd/3rd central moment sums, merged batch by batch (Chan/Pébay)."""

    __slots__ = ("m2", "m3", "mean", "n")

    def __init__(self) -> None:
        self.n = 0
        self.mean = 0.0
        self.m2 = 0.0
        self.m3 = 0.0

    def add(self, x: np.ndarray) -> None:
        """Merge the finite values of ``x`` (float64)."""
        nb = x.size
        if nb == 0:
            return
        mb = float(x.mean())
        d = x - mb
        d2 = d * d
        m2b = float(d2.sum())
        m3b = float((d2 * d).sum())
        na, n = self.n, self.n + nb
        if na == 0:
            self.n, self.mean, self.m2, self.m3 = nb, mb, m2b, m3b
            return
        delta = mb - self.mean
        self.m3 = (self.m3 + m3b + delta ** 3 * na * nb * (na - nb) / n ** 2
                   + 3 * delta * (na * m2b - nb * self.m2) / n)
        self.m2 = self.m2 + m2b + delta * delta * na * nb / n
        self.mean = self.mean + delta * nb / n
        self.n = n

    @property
    def std(self) -> float | None:
        """Sample standard deviation (n - 1)."""
        return math.sqrt(self.m2 / (self.n - 1)) if self.n > 1 else None

    @property
    def skew(self) -> float | None:
        """Adjusted Fisher-Pearson skewness (what pandas' ``skew`` gives); None if undefined."""
        n = self.n
        if n < 3 or self.m2 <= 0:
            return None
        g1 = math.sqrt(n) * self.m3 / self.m2 ** 1.5
        return g1 * math.sqrt(n * (n - 1)) / (n - 2)


class DistinctSketch:
    """Distinct values by their 64-bit hashes: exact below ``k``, then a KMV estimate.

    It keeps the ``k`` smallest distinct hashes. While fewer than ``k`` distinct values
    were seen the set holds all of them (exact count); after that the k-th smallest hash
    estimates the count ((k - 1) / its position in the hash range), with a relative
    error of about 1 / sqrt(k).
    """

    def __init__(self, k: int) -> None:
        self.k = k
        self.hashes = np.empty(0, dtype=np.uint64)

    @property
    def exact(self) -> bool:
        """True while the count is exact."""
        return self.hashes.size < self.k

    def add(self, hashes: np.ndarray) -> None:
        """Merge hashes (duplicates allowed)."""
        if hashes.size == 0:
            return
        if not self.exact:
            hashes = hashes[hashes < self.hashes[-1]]
            if hashes.size == 0:
                return
        merged = np.union1d(self.hashes, hashes)
        self.hashes = merged[:self.k]

    def count(self) -> int:
        """Distinct values (exact while :attr:`exact`)."""
        if self.exact:
            return int(self.hashes.size)
        frac = (float(self.hashes[-1]) + 1.0) / 2.0 ** 64
        return round((self.k - 1) / frac)


class RowSample:
    """The first ``head`` rows plus a uniform reservoir sample of ``size`` later rows.

    Reservoir sampling (Algorithm R) done a batch at a time: each later row ``i`` replaces
    slot ``j = randint(0, i)`` when ``j < size``. Replacements are kept as small pieces
    and compacted now and then, so memory stays at a few times ``size`` rows.
    """

    def __init__(self, head: int, size: int, seed: int = 0) -> None:
        self.head_rows = head
        self.size = size
        self.rng = np.random.default_rng(seed)
        self.head: list = []
        self.n_head = 0
        self.seen = 0          # rows offered after the head
        self.pieces: list = []
        self.slots: list[np.ndarray] = []
        self.kept = 0

    def add(self, batch) -> None:
        """Offer one Arrow record batch."""
        if self.n_head < self.head_rows:
            take = min(batch.num_rows, self.head_rows - self.n_head)
            self.head.append(batch.slice(0, take))
            self.n_head += take
            batch = batch.slice(take)
        b = batch.num_rows
        if b == 0 or self.size == 0:
            return
        idx = np.arange(self.seen, self.seen + b)
        j = np.where(idx < self.size, idx, self.rng.integers(0, idx + 1))
        keep = np.nonzero(j < self.size)[0]
        self.seen += b
        if keep.size == 0:
            return
        self.pieces.append(batch.take(keep))
        self.slots.append(j[keep])
        self.kept += keep.size
        if self.kept > 2 * self.size:
            self._compact()

    def _compact(self) -> None:
        import pyarrow as pa

        table = pa.Table.from_batches(self.pieces)
        slots = np.concatenate(self.slots)
        # Last write wins: unique slots of the reversed order give each slot's last row.
        rev = slots[::-1]
        _, first_in_rev = np.unique(rev, return_index=True)
        last = slots.size - 1 - first_in_rev
        table = table.take(np.sort(last))
        self.pieces = table.combine_chunks().to_batches() or []
        self.slots = [slots[np.sort(last)]]
        self.kept = table.num_rows

    @property
    def rows(self) -> int:
        """Rows in the sample."""
        return self.n_head + min(self.seen, self.size)

    def table(self, schema):
        """The sample as one Arrow table (head first)."""
        import pyarrow as pa

        if self.pieces:
            self._compact()
        batches = [b for b in self.head + self.pieces if b.num_rows]
        if not batches:
            return schema.empty_table()
        return pa.Table.from_batches(batches, schema=schema)
