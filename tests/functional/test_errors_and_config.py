"""Errors people understand, headers on every page, and the production configuration."""
import logging

import pytest
from pyramid.exceptions import ConfigurationError
from pyramid.paster import get_app
from webtest import TestApp

from dmp_library.search.jobs import stop_ocr_worker

from ..conftest import PATIENT_NIR, REPO, text


def test_not_found_is_a_page_in_the_layout(as_patient):
    page = as_patient.get("/dossiers/unknown/", status=404)
    assert "Page introuvable" in page.text
    assert "Aller à ma page d'accueil" in text(page)
    assert '<main id="main"' in page.text


def test_english_error_pages(site):
    page = site.browser().get("/nope", headers={"Accept-Language": "en"}, status=404)
    assert "Page not found" in page.text


def test_unexpected_errors_are_500_pages_without_traceback_or_patient_data(
        site, as_patient, monkeypatch, caplog):
    """Nothing of the exception's message reaches the page or the log."""
    from dmp_library.views import dossier

    def broken(documents):
        raise RuntimeError("Dubreuil diabète secret")

    monkeypatch.setattr(dossier, "newest_first", broken)
    with caplog.at_level(logging.ERROR):
        page = as_patient.get("/dossiers/%s/" % site.dossier_id(PATIENT_NIR), status=500)
    assert "Une erreur est survenue" in page.text
    assert "Traceback" not in page.text and "secret" not in page.text
    assert "RuntimeError" in caplog.text
    assert "secret" not in caplog.text and "Dubreuil" not in caplog.text


def test_security_headers(site, as_patient):
    page = as_patient.get("/dossiers/%s/" % site.dossier_id(PATIENT_NIR))
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in page.headers["Content-Security-Policy"]
    assert page.headers["Cache-Control"] == "private, no-store"
    assert "no-store" not in site.browser().get("/").headers.get("Cache-Control", "")


def production_ini(data_dir):
    """config/production.ini as shipped, its one data path moved to ``data_dir``."""
    ini = data_dir / "production.ini"
    ini.write_text("[app:main]\nuse = config:%s#main\ndmp.data_dir = %s\n"
                   "substanced.uploads_tempdir = %s/tmp\n"
                   % (REPO / "config" / "production.ini", data_dir, data_dir))
    return ini


@pytest.fixture
def production_app(tmp_path, monkeypatch):
    monkeypatch.setenv("DMP_AUTH_SECRET", "a" * 40)
    monkeypatch.setenv("DMP_SESSION_SECRET", "b" * 40)
    monkeypatch.setenv("DMP_ADMIN_PASSWORD", "production-admin-password")
    monkeypatch.setenv("DMP_ZODB_URI", "filestorage://%s/Data.fs?blob_dir=%s/blobs"
                       % (tmp_path, tmp_path))
    app = get_app(str(production_ini(tmp_path)))
    yield app
    stop_ocr_worker(app.registry)  # production reads scans in the background
    for database in app.registry._zodb_databases.values():
        database.close()


def test_production_configuration(production_app):
    """Secrets from the environment, Secure cookies, no debug toolbar, no template reload."""
    settings = production_app.registry.settings
    assert settings["substanced.secret"] == "a" * 40
    assert settings["dmp.secure_cookies"] is True
    assert "pyramid_debugtoolbar" not in settings.get("pyramid.includes", "")
    browser = TestApp(production_app, extra_environ={"wsgi.url_scheme": "https",
                                                     "HTTP_HOST": "dmp.example"})
    form = browser.get("/login").forms["form"]
    form["login"] = "admin"
    form["password"] = "production-admin-password"
    response = form.submit("submit")
    auth = [v for k, v in response.headerlist if k == "Set-Cookie" and v.startswith("dmp_auth=")]
    assert auth and all("secure" in cookie.lower() and "HttpOnly" in cookie for cookie in auth)


def test_same_secret_twice_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("DMP_AUTH_SECRET", "same-secret")
    monkeypatch.setenv("DMP_SESSION_SECRET", "same-secret")
    with pytest.raises(ValueError, match="must differ"):
        get_app(str(production_ini(tmp_path)))


def test_blob_deleting_storage_is_refused(tmp_path, monkeypatch):
    """zodburi's BlobStorage proxy deletes other transactions' blobs on abort: never opened."""
    monkeypatch.setenv("DMP_AUTH_SECRET", "a" * 40)
    monkeypatch.setenv("DMP_SESSION_SECRET", "b" * 40)
    monkeypatch.setenv("DMP_ZODB_URI", "file://%s/Data.fs?blobstorage_dir=%s/blobs"
                       % (tmp_path, tmp_path))
    with pytest.raises(ConfigurationError, match="blob_dir="):
        get_app(str(production_ini(tmp_path)))


def test_database_uri_takes_its_parts_from_the_environment(tmp_path, monkeypatch):
    """``${NAME}`` in zodbconn.uri comes from the environment; an unset one is named."""
    monkeypatch.setenv("DMP_AUTH_SECRET", "a" * 40)
    monkeypatch.setenv("DMP_SESSION_SECRET", "b" * 40)
    monkeypatch.setenv("DMP_ZODB_URI",
                       "filestorage://${DMP_TEST_DIR}/Data.fs?blob_dir=${DMP_TEST_DIR}/blobs")
    with pytest.raises(ValueError, match="environment variable DMP_TEST_DIR"):
        get_app(str(production_ini(tmp_path)))
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.setenv("DMP_TEST_DIR", str(tmp_path / "elsewhere"))
    app = get_app(str(production_ini(tmp_path)))
    try:
        assert (tmp_path / "elsewhere" / "Data.fs").exists()
    finally:
        app.registry._zodb_databases[""].close()


def test_invalid_utf8_in_a_query_is_a_400(site, as_patient):
    page = as_patient.get("/dossiers/%s/biologie/?sort=%%ff%%fe" % site.dossier_id(PATIENT_NIR),
                          status=400)
    assert "Requête illisible" in page.text
    api = as_patient.get("/api/v1/dossiers/%s/documents?x=%%ff" % site.dossier_id(PATIENT_NIR),
                         status=400)
    assert api.json == {"error": "La requête n'est pas en UTF-8 valide."}


def test_pages_load_nothing_from_other_sites(site, as_patient):
    """Styles, scripts and images come from the application itself (no CDN)."""
    import re

    for path in ("/", "/dossiers/%s/" % site.dossier_id(PATIENT_NIR), "/account"):
        page = as_patient.get(path, status="*").follow() if path == "/" else as_patient.get(path)
        for url in re.findall(r'(?:src|href)="([^"]+)"', page.text):
            assert url.startswith(("http://localhost/", "/", "#")), url
