"""Robots: the framework (robots/core/) and one module per robot."""
