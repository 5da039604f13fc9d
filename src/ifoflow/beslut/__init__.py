"""Shared home: decisions (automated and a person's), and the registry of decision types a nämnd has delegated
to automated decision-making."""

