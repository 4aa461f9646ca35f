"""Full-text search: one Whoosh catalog per dossier, stored in ZODB (DESIGN §7)."""


def includeme(config):
    config.scan()
