"""Web pages and the JSON API; thin: they validate, call services and render."""


def includeme(config):
    config.add_static_view("static", "dmp_library:static", cache_max_age=3600)
    config.add_route("language", "/language")
    config.include(".forms")
    config.include(".api")
    config.include(".patient.access")
    config.scan()
