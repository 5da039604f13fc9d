"""External systems, one module each, behind documented contracts; simulators in adapters/simulators/."""
