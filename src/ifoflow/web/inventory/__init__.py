"""Process owners' tool: the inventory, self-assessment, calculations and follow-up."""
