"""The Data page: profile a dataset and prepare it for SageMaker."""
