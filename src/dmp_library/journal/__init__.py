"""The per-dossier audit journal and notifications (DESIGN §8)."""


def includeme(config):
    config.scan()
