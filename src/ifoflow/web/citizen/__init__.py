"""The citizen e-service (e-tjänst): sign in with e-legitimation, apply, follow the case."""
