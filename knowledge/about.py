"""What the About box and ``--version`` say: the version and how current the shipped data is."""

from __future__ import annotations

import platform
from dataclasses import dataclass

from sagewise.knowledge import __version__


@dataclass(frozen=True)
class About:
    """Version and data dates, for Help > About and bug reports."""

    version: str
    python: str
    limits_as_of: str
    instance_types_source: str
    instance_types_as_of: str

    def lines(self) -> list[str]:
        """One fact per line, in plain text."""
        return [f"SageWise {self.version} (Python {self.python})",
                f"AWS limits and quotas as of {self.limits_as_of}",
                f"Instance types: {self.instance_types_source}, as of "
                f"{self.instance_types_as_of}"]


def about() -> About:
    """Collect the version and the newest 'as of' date of each shipped data set."""
    from sagewise.knowledge.instance_types import load_instance_types
    from sagewise.knowledge.sizing.limits import load_limits

    limits = load_limits()
    types = load_instance_types()
    return About(__version__, platform.python_version(),
                 max((lim.as_of for lim in limits.values()), default="unknown"),
                 types.source, types.as_of)
