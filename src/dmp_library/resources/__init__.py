"""Content types: dossiers and their folders, documents, GP summaries, the directory."""


def includeme(config):
    config.include(".evolve")
    config.include(".system_catalog")
    config.scan()
