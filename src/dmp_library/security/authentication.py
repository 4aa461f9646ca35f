"""Who is asking: a signed auth cookie for browsers, a Bearer token for programs.

The cookie is HttpOnly, SameSite, Secure in production, expires after ``dmp.session_timeout``
seconds of inactivity; the session cookie has its own secret and a JSON serializer (Substance
D's default is pickle with the auth secret). Both factories are used by ``main()`` directly.
"""
from pyramid.authentication import AuthTktAuthenticationPolicy
from pyramid.session import SignedCookieSessionFactory
from pyramid_zodbconn import get_connection
from substanced.interfaces import IUser
from substanced.sdi import MANAGE_ROUTE_NAME
from webob.cookies import JSONSerializer


def app_root(request):
    """The site root, reachable before traversal (authentication may run first)."""
    return get_connection(request).root().get("app_root")


def groupfinder(userid, request):
    """The group oids of an existing account, or None (then the request is anonymous).

    Unlike Substance D's, it does not need ``request.context``, so it works before traversal.
    """
    root = app_root(request)
    if root is None or not isinstance(userid, int):
        return None
    user = root.__objectmap__.object_for(userid)
    if user is None or not IUser.providedBy(user):
        return None
    return list(user.groupids)


def bearer_token(request):
    """The token of an ``Authorization: Bearer`` header, or None."""
    header = request.headers.get("Authorization", "")
    scheme, _sep, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def csrf_applies(request):
    """Whether Pyramid's CSRF check runs for an unsafe request.

    Not for Bearer-token requests (no cookie is involved), nor for the SDI, whose forms carry
    their own token (``_csrf_token_``) which Substance D checks itself.
    """
    if bearer_token(request) is not None:
        return False
    route = request.matched_route
    return route is None or route.name != MANAGE_ROUTE_NAME


class CookieOrTokenAuthenticationPolicy(AuthTktAuthenticationPolicy):
    """AuthTkt cookies, or a Bearer token which then takes precedence over any cookie."""

    def unauthenticated_userid(self, request):
        token = bearer_token(request)
        if token is None:
            return super().unauthenticated_userid(request)
        registry = getattr(app_root(request), "api_tokens", None)
        return None if registry is None else registry.user_oid(token)

    def remember(self, request, userid, **kw):
        return [] if bearer_token(request) else super().remember(request, userid, **kw)


def authentication_policy(settings):
    timeout = settings["dmp.session_timeout"]
    return CookieOrTokenAuthenticationPolicy(
        settings["substanced.secret"],
        callback=groupfinder,
        cookie_name="dmp_auth",
        secure=settings["dmp.secure_cookies"],
        http_only=True,
        samesite=settings["dmp.cookie_samesite"],
        timeout=timeout,
        reissue_time=max(60, timeout // 10),
        hashalg="sha512",
    )


def session_factory(settings):
    return SignedCookieSessionFactory(
        settings["dmp.session_secret"],
        cookie_name="dmp_session",
        secure=settings["dmp.secure_cookies"],
        httponly=True,
        samesite=settings["dmp.cookie_samesite"],
        timeout=settings["dmp.session_timeout"],
        serializer=JSONSerializer(),
    )
