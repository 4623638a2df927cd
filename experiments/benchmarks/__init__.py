"""Benchmarks on the public datasets of ../shared/data: one command each, figures printed beside the
published ones, numbers saved under results/<benchmark>/. Run `python -m experiments.benchmarks.<name>`."""
