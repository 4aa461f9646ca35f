"""Who may do what: permissions, roles, ACLs, the authorization policy, accounts, tokens."""
from .accounts import account_kind


def _account_kind(request):
    """"patient", "professional", "admin", or None for anonymous requests."""
    return None if request.user is None else account_kind(request.user)


def includeme(config):
    config.add_request_method(_account_kind, "account_kind", reify=True)
