"""OpenFisca variables, one module per area."""
