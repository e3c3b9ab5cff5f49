"""RQ jobs: queues.py decides what to enqueue and reads job state; tasks.py is what workers run."""
