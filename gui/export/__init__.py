"""The Export panel: SageMaker requests and SDK code for a decision."""
