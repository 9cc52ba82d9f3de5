"""Troubleshooter, metric chooser and confusion-matrix calculator."""
