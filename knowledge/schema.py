"""Strict, path-aware readers for TOML data.

Every reader takes a :class:`Where` that knows the file, the entry and the field,
so a broken file fails with a message such as
``algorithms/xgboost.toml: entry 'xgboost': field 'instances.gpu_training': must be one
of none, optional, recommended, required (got 'maybe')``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sagewise.knowledge.errors import DataError
from sagewise.knowledge.wording import count


@dataclass(frozen=True)
class Where:
    """Location of a value inside a data file, used to build error messages."""

    file: str
    entry: str = ""
    field: str = ""

    def at(self, field: str) -> Where:
        """Return the location of a sub-field."""
        joined = f"{self.field}.{field}" if self.field else field
        return Where(self.file, self.entry, joined)

    def item(self, index: int) -> Where:
        """Return the location of a list item."""
        return Where(self.file, self.entry, f"{self.field}[{index}]")

    def for_entry(self, entry: str) -> Where:
        """Return the location of a named entry (field reset)."""
        return Where(self.file, entry, "")

    def fail(self, problem: str) -> DataError:
        """Build the error for this location."""
        parts = [self.file]
        if self.entry:
            parts.append(f"entry '{self.entry}'")
        if self.field:
            parts.append(f"field '{self.field}'")
        return DataError(": ".join(parts) + ": " + problem, file=self.file, entry=self.entry,
                         field=self.field)


def load_toml(path: Path, display: str) -> dict[str, Any]:
    """Parse a TOML file, turning syntax errors into a DataError naming the file."""
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise DataError(f"{display}: not valid TOML: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise DataError(f"{display}: not UTF-8 text: {exc}") from exc
    except OSError as exc:
        raise DataError(f"{display}: cannot be read: {exc}") from exc


class Table:
    """A TOML table read with typed accessors; unknown keys are an error."""

    def __init__(self, data: Any, where: Where) -> None:
        if not isinstance(data, dict):
            raise where.fail(f"must be a table (got {type(data).__name__})")
        self.data = data
        self.where = where
        self._used: set[str] = set()

    def _get(self, key: str, required: bool) -> Any:
        self._used.add(key)
        if key not in self.data:
            if required:
                raise self.where.at(key).fail("is missing")
            return None
        return self.data[key]

    def str(self, key: str, *, required: bool = True, default: str = "") -> str:
        """A non-empty string."""
        value = self._get(key, required)
        if value is None:
            return default
        if not isinstance(value, str):
            raise self.where.at(key).fail(f"must be a string (got {type(value).__name__})")
        if not value.strip():
            if not required:
                return default  # an optional field may be left empty
            raise self.where.at(key).fail("must not be empty")
        return value.strip()

    def choice(self, key: str, allowed: Iterable[str], *, required: bool = True,
               default: str = "") -> str:
        """A string from a fixed set."""
        allowed = list(allowed)
        value = self.str(key, required=required, default=default)
        if value and value not in allowed:
            raise self.where.at(key).fail(
                f"must be one of {', '.join(allowed)} (got '{value}')")
        return value

    def bool(self, key: str, *, required: bool = True, default: bool = False) -> bool:
        """A boolean."""
        value = self._get(key, required)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self.where.at(key).fail(f"must be true or false (got {value!r})")
        return value

    def number(self, key: str, *, required: bool = True, default: float = 0.0,
               minimum: float | None = None, maximum: float | None = None) -> float:
        """A finite number within optional bounds."""
        value = self._get(key, required)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.where.at(key).fail(f"must be a number (got {value!r})")
        if value != value or value in (float("inf"), float("-inf")):
            raise self.where.at(key).fail("must be a finite number")
        if minimum is not None and value < minimum:
            raise self.where.at(key).fail(f"must be >= {minimum} (got {value})")
        if maximum is not None and value > maximum:
            raise self.where.at(key).fail(f"must be <= {maximum} (got {value})")
        return float(value)

    def str_list(self, key: str, *, required: bool = True, allowed: Iterable[str] | None = None,
                 min_items: int = 1) -> tuple[str, ...]:
        """A list of non-empty strings, optionally from a fixed set."""
        value = self._get(key, required)
        if value is None:
            return ()
        where = self.where.at(key)
        if not isinstance(value, list):
            raise where.fail(f"must be a list of strings (got {type(value).__name__})")
        if len(value) < min_items:
            raise where.fail(f"must have at least {count(min_items, 'item')}")
        allowed_list = list(allowed) if allowed is not None else None
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                raise where.item(i).fail("must be a non-empty string")
            if allowed_list is not None and item not in allowed_list:
                raise where.item(i).fail(
                    f"must be one of {', '.join(allowed_list)} (got '{item}')")
            out.append(item.strip())
        return tuple(out)

    def tables(self, key: str, *, required: bool = True, min_items: int = 1) -> list[Table]:
        """An array of tables."""
        value = self._get(key, required)
        if value is None:
            return []
        where = self.where.at(key)
        if not isinstance(value, list):
            raise where.fail("must be an array of tables")
        if len(value) < min_items:
            raise where.fail(f"must have at least {count(min_items, 'item')}")
        return [Table(item, where.item(i)) for i, item in enumerate(value)]

    def entries(self, key: str, label: str = "", *, min_items: int = 1):
        """Yield ``(id, table)`` for an array of tables whose items have an ``id``.

        Errors inside an item then name the entry (``"<label> <id>"``) instead of the
        array position, so a message reads ``file: entry 'question gpu': field ...``.
        """
        for t in self.tables(key, min_items=min_items):
            ident = t.str("id")
            t.where = Where(self.where.file, f"{label} {ident}".strip(), "")
            yield ident, t

    def table(self, key: str) -> Table:
        """A required sub-table."""
        return Table(self._get(key, True), self.where.at(key))

    def finish(self) -> None:
        """Fail on keys nobody read: typos must not pass silently."""
        unknown = sorted(set(self.data) - self._used)
        if unknown:
            raise self.where.at(unknown[0]).fail("is not a known field (typo?)")
