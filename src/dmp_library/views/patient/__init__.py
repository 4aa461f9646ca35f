"""Pages for patients."""
