"""External systems, one module each, behind documented contracts (docs/adapters.md): SSBTEK and folkbokföring."""
