"""The load-stability benchmark (python -m bench.fairness); see __main__."""
