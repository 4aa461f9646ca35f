"""Typed application settings, with secrets taken from the environment when set."""
import os
import re

from pyramid.settings import asbool

# Environment variables win over the .ini file, so that production secrets stay out of it.
ENVIRONMENT_OVERRIDES = {
    "DMP_AUTH_SECRET": "substanced.secret",
    "DMP_SESSION_SECRET": "dmp.session_secret",
    "DMP_ADMIN_PASSWORD": "substanced.initial_password",
    "DMP_ZODB_URI": "zodbconn.uri",
}

DEFAULTS = {
    "dmp.max_upload_bytes": 20 * 1024 * 1024,
    "dmp.session_timeout": 1800,
    "dmp.secure_cookies": False,
    "dmp.cookie_samesite": "Lax",
    "dmp.login_max_failures": 5,
    "dmp.login_lockout_seconds": 900,
    "dmp.activation_days": 60,
    "dmp.token_default_hours": 24,
    "dmp.timezone": "Europe/Paris",
    "dmp.emergency_hours": 4,
    "dmp.retention_years": 10,
}

_INTEGERS = {
    "dmp.max_upload_bytes",
    "dmp.session_timeout",
    "dmp.login_max_failures",
    "dmp.login_lockout_seconds",
    "dmp.activation_days",
    "dmp.token_default_hours",
    "dmp.emergency_hours",
    "dmp.retention_years",
}
_BOOLEANS = {"dmp.secure_cookies"}
# Folders the application writes to, created at start-up (``dmp`` commands included).
_DATA_DIRECTORIES = ("dmp.data_dir", "substanced.uploads_tempdir")  # mail: its Maildir
_VARIABLE = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)")


def normalise_settings(settings):
    """Return a copy of ``settings`` with environment overrides, defaults and parsed types."""
    settings = dict(settings)
    for variable, key in ENVIRONMENT_OVERRIDES.items():
        if os.environ.get(variable):
            settings[key] = os.environ[variable]
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    for key in _INTEGERS:
        settings[key] = int(settings[key])
    for key in _BOOLEANS:
        settings[key] = asbool(settings[key])
    if "zodbconn.uri" in settings:
        settings["zodbconn.uri"] = _expand_environment("zodbconn.uri", settings["zodbconn.uri"])
    if not settings.get("dmp.session_secret"):
        raise ValueError("dmp.session_secret must be set (and differ from substanced.secret)")
    if settings["dmp.session_secret"] == settings.get("substanced.secret"):
        raise ValueError("dmp.session_secret must differ from substanced.secret")
    return settings


def _expand_environment(key, value):
    """``${PGHOST}``-style references replaced from the environment (database URIs keep host,
    user and password out of the .ini file); a variable left unset is said by name."""
    for name in _VARIABLE.findall(value):
        if name not in os.environ:
            raise ValueError("%s needs the environment variable %s" % (key, name))
    return os.path.expandvars(value)


def prepare_data_directories(settings):
    """Create the folders the data lives in (the database and blobs, temporary files)."""
    for key in _DATA_DIRECTORIES:
        if settings.get(key):
            os.makedirs(settings[key], exist_ok=True)
