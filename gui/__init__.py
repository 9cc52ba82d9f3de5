"""SageWise desktop application (all Qt and pyqtgraph code lives here)."""
