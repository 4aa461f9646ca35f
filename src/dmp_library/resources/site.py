"""What a new site root receives on first start, beyond Substance D's own services."""
from BTrees.OOBTree import OOBTree
from pyramid.security import ALL_PERMISSIONS, Allow, Deny
from pyramid.threadlocal import get_current_registry
from substanced.event import subscribe_root_added
from substanced.util import get_oid, set_acl

from ..security.roles import SITE_PERMISSIONS
from ..security.tokens import TokenRegistry
from ..workflows.worklists import CATALOG as WORKLISTS
from .people import ADMINS_GROUP, PATIENTS_GROUP, PROFESSIONALS_GROUP


def site_acl(root):
    """The root's ACL: the host's administrators manage the site (Substance D's rule); each
    group gets its site permissions."""
    groups = root["principals"]["groups"]
    acl = [(Allow, get_oid(groups[ADMINS_GROUP]), ALL_PERMISSIONS)]
    for group, permissions in sorted(SITE_PERMISSIONS.items()):
        acl.append((Allow, get_oid(groups[group]), sorted(p.value for p in permissions)))
    return acl


@subscribe_root_added()
def set_up_site(event):
    """Add the dossiers and directory services, the groups, the token registry and the ACLs."""
    root = event.object
    registry = get_current_registry()
    for name in (PROFESSIONALS_GROUP, PATIENTS_GROUP):
        root["principals"].add_group(name, registry=registry)
    root.add_service("dossiers", registry.content.create("Dossiers"), registry=registry)
    root.add_service("directory", registry.content.create("Directory"), registry=registry)
    root.email_index = OOBTree()
    root.api_tokens = TokenRegistry()
    root.sdi_title = "DMP library"
    root["catalogs"].add_catalog(WORKLISTS)
    set_acl(root, site_acl(root), registry=registry)
    # The host administers accounts, never dossiers: not even their list.
    admins = get_oid(root["principals"]["groups"][ADMINS_GROUP])
    set_acl(root["dossiers"], [(Deny, admins, ALL_PERMISSIONS)], registry=registry)
