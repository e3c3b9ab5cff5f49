"""What every kind of job shares: its state (state.py) and the queues (queues.py). The jobs
themselves live with their domain: papers/tasks.py, lists/recommendations.py, corpus/bootstrap.py."""
