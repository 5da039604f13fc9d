"""ifoflow: auditable rules-as-code decisions and robots for municipal social services."""

__version__ = "0.1.0"
