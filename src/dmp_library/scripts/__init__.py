"""The ``dmp`` command line."""
