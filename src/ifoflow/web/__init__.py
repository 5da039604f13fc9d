"""FastAPI app with server-rendered Swedish pages."""
