"""Amazon Quick Sight (QuickSight) SPICE: does a dataset fit, and in which edition?

Per-dataset quotas (limits.toml): Standard 25 M rows or 25 GB, Enterprise 1 billion rows or
1 TB ("whichever comes first"); 2,000 columns per file; 127 characters per column name;
2,047 characters per field (longer fields are truncated: a warning, not a failure);
1,000 files per manifest. Older material says Enterprise is 250 M rows / 500 GB.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from sagewise.knowledge.sizing.inputs import choice, number
from sagewise.knowledge.sizing.limits import limit

EDITIONS = ("standard", "enterprise")


@dataclass(frozen=True)
class Check:
    """One quota check."""

    name: str
    value: float
    limit: float
    ok: bool
    severity: str          # "error" (over the quota) or "warning" (truncation)
    margin: float          # limit - value (negative when over)
    label: str


@dataclass(frozen=True)
class SpiceResult:
    """All checks for one edition and the edition actually needed."""

    edition: str
    fits: bool
    checks: list[Check]
    edition_needed: str | None
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        """JSON form."""
        return asdict(self)


def _edition_limits(edition: str) -> tuple[float, float]:
    return limit(f"spice.{edition}_rows"), limit(f"spice.{edition}_gb")


def check_dataset(*, edition: str, rows: float | None = None, size_gb: float | None = None,
                  columns: float | None = None, longest_column_name: float | None = None,
                  longest_field: float | None = None,
                  manifest_files: float | None = None) -> SpiceResult:
    """Check the inputs that are given against the edition's SPICE quotas."""
    edition = choice("edition", edition, EDITIONS)
    values = {
        "rows": number("rows", rows, minimum=0, integer=True, allow_none=True),
        "size_gb": number("size_gb", size_gb, minimum=0, allow_none=True),
        "columns": number("columns", columns, minimum=0, integer=True, allow_none=True),
        "column_name": number("longest_column_name", longest_column_name, minimum=0,
                              integer=True, allow_none=True),
        "field": number("longest_field", longest_field, minimum=0, integer=True,
                        allow_none=True),
        "manifest_files": number("manifest_files", manifest_files, minimum=0, integer=True,
                                 allow_none=True),
    }
    rows_limit, gb_limit = _edition_limits(edition)
    limits = {
        "rows": (rows_limit, "error", f"Rows per dataset ({edition.title()})"),
        "size_gb": (gb_limit, "error", f"Dataset size in GB ({edition.title()})"),
        "columns": (limit("spice.columns"), "error", "Columns per file"),
        "column_name": (limit("spice.column_name_chars"), "error", "Characters per column name"),
        "field": (limit("spice.field_chars"), "warning",
                  "Characters per field (longer fields are truncated)"),
        "manifest_files": (limit("spice.manifest_files"), "error", "Files per manifest"),
    }
    checks = []
    for name, value in values.items():
        if value is None:
            continue
        lim, severity, label = limits[name]
        checks.append(Check(name, value, lim, value <= lim, severity, lim - value, label))
    fits = all(c.ok for c in checks if c.severity == "error")
    return SpiceResult(edition, fits, checks, edition_needed(values), _notes(edition, values))


def edition_needed(values: dict[str, float | None]) -> str | None:
    """The cheapest edition whose quotas all pass (None when neither does)."""
    other_ok = all(values[k] is None or values[k] <= limit(lim) for k, lim in (
        ("columns", "spice.columns"), ("column_name", "spice.column_name_chars"),
        ("manifest_files", "spice.manifest_files")))
    if not other_ok:
        return None
    for edition in EDITIONS:
        rows_limit, gb_limit = _edition_limits(edition)
        if (values["rows"] is None or values["rows"] <= rows_limit) and \
                (values["size_gb"] is None or values["size_gb"] <= gb_limit):
            return edition
    return None


def _notes(edition: str, values: dict[str, float | None]) -> list[str]:
    notes = ["Rows and size are per dataset, whichever limit is reached first; size is the "
             "SPICE capacity after ingestion, not the file size."]
    if edition == "enterprise":
        old_rows, old_gb = limit("spice.enterprise_rows_older"), limit("spice.enterprise_gb_older")
        notes.append(f"Older material says Enterprise allows {old_rows / 1e6:,.0f} million rows "
                     f"or {old_gb:,.0f} GB; the current limit is 1 billion rows or 1 TB.")
        new_rows, new_gb = limit("spice.enterprise_rows_newer"), limit("spice.enterprise_gb_newer")
        notes.append(f"A newer page may state {new_rows / 1e9:,.0f} billion rows or "
                     f"{new_gb / 1000:,.0f} TB with the new data-preparation experience; "
                     "check your account's limit.")
        rows, gb = values["rows"], values["size_gb"]
        if (rows is not None and rows > old_rows) or (gb is not None and gb > old_gb):
            notes.append("This dataset would have failed the older Enterprise limit but fits "
                         "the current one." if (rows or 0) <= limit("spice.enterprise_rows")
                         and (gb or 0) <= limit("spice.enterprise_gb") else
                         "This dataset is over both the older and the current limit.")
    return notes


def logical_bytes(numeric_cells: float, date_cells: float, text_utf8_bytes: float,
                  text_cells: float) -> float:
    """SPICE logical size: per numeric cell, per date cell, and overhead + UTF-8 length per
    text cell (the byte counts live in limits.toml)."""
    return (limit("spice.bytes_per_number") * numeric_cells
            + limit("spice.bytes_per_date") * date_cells
            + limit("spice.bytes_per_text_overhead") * text_cells + text_utf8_bytes)
