"""Export a decision as real SageMaker requests (botocore shapes) and SDK code.

``images``: built-in image URIs per region and version (a table generated from the
SageMaker Python SDK); ``hyperparameters``: typed checks; ``requests``: CreateTrainingJob
and CreateEndpointConfig requests with every input checked first; ``sdk``: SageMaker
Python SDK code carrying the reasons as comments.
"""
