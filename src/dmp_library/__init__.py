"""dmp_library: an online dossier médical personnalisé built on Pyramid and Substance D.

``main()`` reads like a table of contents: Substance D first, then the overrides of its unsafe
defaults (which must be made here, in the including configurator, to win over substanced's own
``config.set_*`` calls without a conflict), then each subpackage's ``includeme``.
"""
from pyramid.config import Configurator
from substanced.db import root_factory

from .i18n import _  # noqa: F401 -- re-exported for templates and subpackages
from .security.authentication import authentication_policy, csrf_applies, session_factory
from .security.policy import DossierAuthorizationPolicy
from .settings import normalise_settings, prepare_data_directories
from .storage import refuse_blob_proxy


def main(global_config, **settings):
    """Build the WSGI application."""
    settings = normalise_settings(settings)
    prepare_data_directories(settings)
    config = Configurator(settings=settings, root_factory=root_factory)
    config.include("pyramid_tm")
    config.include("pyramid_retry")
    config.include("substanced")  # opens the database (pyramid_zodbconn)
    refuse_blob_proxy(config.registry._zodb_databases[""])

    # Substance D's defaults: a pickle session cookie sharing the auth secret, an auth cookie
    # without HttpOnly/Secure/timeout. Ours override them from here.
    config.set_session_factory(session_factory(settings))
    config.set_authentication_policy(authentication_policy(settings))
    config.set_authorization_policy(DossierAuthorizationPolicy())
    config.set_default_csrf_options(require_csrf=True, callback=csrf_applies)

    config.include(".i18n")
    config.include(".security")
    config.include(".resources")
    config.include(".workflows")
    config.include(".search")
    config.include(".journal")
    config.include(".views")
    return config.make_wsgi_app()
