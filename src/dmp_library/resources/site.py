"""What a new site root receives on first start, beyond Substance D's own services."""
from BTrees.OOBTree import OOBTree
from pyramid.security import ALL_PERMISSIONS, Allow, Deny
from pyramid.threadlocal import get_current_registry
from substanced.event import subscribe_root_added
from substanced.util import get_oid, set_acl

from ..security.roles import PROFESSIONAL_SITE_PERMISSIONS
from ..security.tokens import TokenRegistry
from .people import ADMINS_GROUP, PATIENTS_GROUP, PROFESSIONALS_GROUP


@subscribe_root_added()
def set_up_site(event):
    """Add the dossiers and directory services, the groups, the token registry and the ACLs."""
    root = event.object
    registry = get_current_registry()
    groups = root["principals"]["groups"]
    for name in (PROFESSIONALS_GROUP, PATIENTS_GROUP):
        root["principals"].add_group(name, registry=registry)
    root.add_service("dossiers", registry.content.create("Dossiers"), registry=registry)
    root.add_service("directory", registry.content.create("Directory"), registry=registry)
    root.email_index = OOBTree()
    root.api_tokens = TokenRegistry()
    root.sdi_title = "DMP library"

    admins = get_oid(groups[ADMINS_GROUP])
    professionals = get_oid(groups[PROFESSIONALS_GROUP])
    set_acl(root, [
        (Allow, admins, ALL_PERMISSIONS),
        (Allow, professionals, sorted(p.value for p in PROFESSIONAL_SITE_PERMISSIONS)),
    ], registry=registry)
    # The host administers accounts, never dossiers: not even their list.
    set_acl(root["dossiers"], [(Deny, admins, ALL_PERMISSIONS)], registry=registry)
