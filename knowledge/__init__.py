"""SageWise knowledge engine: pure Python (no Qt). Data in ../resources, logic here."""

__version__ = "0.1.0"
