"""Personal API tokens: random, shown once, stored as SHA-256 digests, expiring, revocable."""
import datetime
import hashlib
import secrets

from BTrees.OOBTree import OOBTree
from persistent import Persistent
from substanced.util import get_oid

from ..clock import utcnow

PREFIX = "dmp_"


def _digest(token):
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class ApiToken(Persistent):
    def __init__(self, user_oid, expires):
        self.user_oid = user_oid
        self.created = utcnow()
        self.expires = expires
        self.revoked = False

    def live(self, now):
        return not self.revoked and now < self.expires


class TokenRegistry(Persistent):
    """Kept on the site root (not an SDI item): digest -> ApiToken."""

    def __init__(self):
        self.tokens = OOBTree()

    def issue(self, user, hours):
        token = PREFIX + secrets.token_urlsafe(32)
        expires = utcnow() + datetime.timedelta(hours=hours)
        self.tokens[_digest(token)] = ApiToken(get_oid(user), expires)
        return token

    def user_oid(self, token, now=None):
        """The account a live token stands for, else None."""
        record = self.tokens.get(_digest(token))
        if record is None or not record.live(now or utcnow()):
            return None
        return record.user_oid

    def revoke(self, token):
        record = self.tokens.get(_digest(token))
        if record is None:
            return False
        record.revoked = True
        return True
