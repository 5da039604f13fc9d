"""Simulators that run as real HTTP services, with data from the synthetic municipality."""
