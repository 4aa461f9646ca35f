"""Who may do what: permissions, roles, ACLs, the authorization policy, accounts, tokens."""
from .accounts import account_kind
from .authentication import app_root


def _account_kind(request):
    """"patient", "professional", "admin", or None for anonymous requests."""
    return None if request.user is None else account_kind(request.user)


def includeme(config):
    config.add_request_method(_account_kind, "account_kind", reify=True)
    # The site root, whatever the route (an API route's factory makes its own request.root).
    config.add_request_method(app_root, "site_root", reify=True)
