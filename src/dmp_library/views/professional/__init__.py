"""Pages for health professionals."""
