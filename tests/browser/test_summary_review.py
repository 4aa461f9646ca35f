"""A GP summary reviewed by the médecin traitant, clicked through in Chromium."""
import pytest

from dmp_library.demo import DEMO_PASSWORD
from dmp_library.resources.corpus import add_professional
from dmp_library.security.access import grant_access

from ..conftest import GP_RPPS, PATIENT_NIR
from .test_journeys import heading, log_in

pytestmark = pytest.mark.browser
RESIDENT_RPPS = "10000000025"


@pytest.fixture
def people(server, chromium):
    """A tab for the médecin traitant, one for a resident replacing her, one for the patient."""
    base, site = server
    with site.root() as root:
        resident = add_professional(root, site.registry, RESIDENT_RPPS, password=DEMO_PASSWORD,
                                    family_name="Morin", given_names="Léa", title="",
                                    profession="Interne en médecine générale")
        grant_access(root["dossiers"].for_nir(PATIENT_NIR), resident, None, "test",
                     registry=site.registry)
    tabs = {}
    for who, login in (("gp", GP_RPPS), ("resident", RESIDENT_RPPS), ("patient", PATIENT_NIR)):
        context = chromium.new_context(locale="fr-FR")
        context.set_default_timeout(10000)
        tabs[who] = context.new_page()
        log_in(tabs[who], base, login)
    yield base, site, tabs
    for tab in tabs.values():
        tab.context.close()


def write_summary(tab, base, dossier_url, **sections):
    tab.goto(base + dossier_url)
    tab.locator("#current-summary").get_by_role("link", name="Rédiger une synthèse").click()
    for label, value in sections.items():
        tab.get_by_label(label, exact=True).fill(value)
    tab.get_by_role("button", name="Enregistrer le brouillon").click()


def test_resident_draft_reviewed_then_published(people):
    base, site, tabs = people
    gp, resident, patient = tabs["gp"], tabs["resident"], tabs["patient"]
    dossier_url = "/dossiers/%s/" % site.dossier_id(PATIENT_NIR)

    # A first summary, published by the médecin traitant herself.
    write_summary(gp, base, dossier_url, **{"Pathologies en cours": "Diabète de type 2"})
    gp.get_by_role("button", name="Publier").click()
    assert "Publiée" in gp.inner_text(".workflow")

    # The resident drafts the next one and submits it.
    write_summary(resident, base, dossier_url,
                  **{"Pathologies en cours": "Diabète de type 2\nHypertension artérielle",
                     "Traitements au long cours": "Metformine 1000 mg matin et soir"})
    assert resident.get_by_role("button", name="Publier").count() == 0
    resident.get_by_role("button", name="Soumettre pour validation").click()
    summary_url = resident.url

    # The médecin traitant finds it awaiting her review and sends it back.
    gp.goto(base + "/pro")
    gp.get_by_role("link", name="À valider : 1").click()
    gp.locator("#awaiting").get_by_role("link").first.click()
    assert gp.url == summary_url
    gp.get_by_label("Commentaire pour l'auteur (obligatoire)").fill(
        "Préciser la posologie de la metformine.")
    gp.get_by_role("button", name="Renvoyer avec un commentaire").click()
    assert "Renvoyé à son auteur" in gp.inner_text(".workflow")

    # The resident reads the comment, fixes the draft and resubmits.
    resident.goto(summary_url)
    assert "Préciser la posologie de la metformine." in resident.inner_text(".history")
    resident.get_by_role("link", name="Modifier").click()
    resident.get_by_label("Traitements au long cours").fill("Metformine 1000 mg x 2/j")
    resident.get_by_role("button", name="Enregistrer le brouillon").click()
    resident.get_by_role("button", name="Soumettre pour validation").click()

    # The médecin traitant publishes it.
    gp.goto(base + "/worklists")
    gp.locator("#awaiting").get_by_role("link").first.click()
    gp.get_by_role("button", name="Publier").click()
    assert "Publiée" in gp.inner_text(".workflow")

    # The patient sees it on the home of the dossier; the first one is marked superseded.
    patient.goto(base + dossier_url)
    current = patient.inner_text("#current-summary")
    assert "Hypertension artérielle" in current and "Metformine 1000 mg x 2/j" in current
    patient.locator("#current-summary").get_by_role("link", name="Toutes les versions").click()
    assert heading(patient) == "Synthèses"
    badges = patient.locator(".document-list .state-badge").all_inner_texts()
    assert sorted(badges) == ["Publiée", "Remplacé par une version plus récente"]
