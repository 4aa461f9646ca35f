"""The site's front page."""
from pyramid.httpexceptions import HTTPFound
from pyramid.view import view_config
from substanced.interfaces import IRoot

from .auth import home_url


@view_config(context=IRoot, renderer="dmp_library:templates/home.pt")
def home_view(context, request):
    """Anonymous visitors get the front page; everyone else their own home."""
    if request.user is not None:
        return HTTPFound(location=home_url(request, request.user))
    return {}
