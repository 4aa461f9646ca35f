"""Evolve steps: data migrations for existing sites (``sd_evolve``, or automatically with
``substanced.autoevolve = true``). A new site is created up to date and skips them all."""
from substanced.util import set_acl

from .site import site_acl


def refresh_site_acl(root):
    """The site permissions changed (account page for patients and professionals)."""
    set_acl(root, site_acl(root))


def includeme(config):
    config.add_evolution_step(refresh_site_acl)
