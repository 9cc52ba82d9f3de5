"""The Pipeline page: questions, decisions per area, the drawn pipeline."""
