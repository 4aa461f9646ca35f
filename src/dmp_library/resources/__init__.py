"""Content types: dossiers and their folders, documents, GP summaries, the directory."""


def includeme(config):
    config.scan()
