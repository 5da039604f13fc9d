"""Pages for the IT strategist (robot operations) and the nämnd (decision types)."""
