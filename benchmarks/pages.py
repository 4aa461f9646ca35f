"""Server-side time of the dossier home and a folder listing, 10 vs 1,000 documents.

Target (issue "web UI"): p95 <= 50 ms at 1,000 documents. Requests go through the whole WSGI
stack in-process (WebTest), logged in as the patient, after a warm-up.
"""
import datetime
import io
import random

import webtest

from dmp_library.demo import DEMO_PASSWORD
from dmp_library.resources.corpus import add_professional
from dmp_library.resources.services import add_professional_document, open_dossier
from dmp_library.resources.uploads import receive_upload
from dmp_library.security.access import grant_access
from dmp_library.security.accounts import find_account
from dmp_library.workflows.document_lifecycle import VALIDATED
from dmp_library.workflows.services import force_state

from ._support import BenchSite, time_calls

REPEAT = 200
# Roughly the corpus' mix of categories.
MIX = (["biologie"] * 40 + ["ordonnances-soins"] * 20 + ["comptes-rendus"] * 25
       + ["imagerie"] * 10 + ["prevention-vaccination"] * 5)
TYPES = {"biologie": "11502-2", "ordonnances-soins": "57833-6", "comptes-rendus": "11488-4",
         "imagerie": "18748-4", "prevention-vaccination": "11369-6"}


def nir(number):
    from dmp_library.resources.identity import nir_key

    first13 = "1800175%06d" % number
    return first13 + "%02d" % nir_key(first13)


def build(site, sizes):
    """One dossier per size, filled with small text documents; returns {size: dossier id}."""
    names = {}
    rng = random.Random(7)  # noqa: S311 -- reproducible test data, not secrets
    with site.root() as root:
        author = add_professional(root, site.registry, "10000000009", family_name="Aubert",
                                  given_names="Zoé", profession="Biologiste médical")
    for number, size in enumerate(sizes):
        with site.root() as root:
            identity = {"nir": nir(number), "family_name": "Bench%d" % size,
                        "given_names": "Patient", "birth_date": datetime.date(1980, 1, 17),
                        "sex": "M"}
            dossier, patient = open_dossier(root, identity, {}, site.registry)
            patient.set_password(DEMO_PASSWORD)
            grant_access(dossier, find_account(root, "10000000009"), None, "bench",
                         registry=site.registry)
            names[size] = (dossier.__name__, identity["nir"])
        for start in range(0, size, 200):
            with site.root() as root:
                dossier = root["dossiers"][names[size][0]]
                author = find_account(root, "10000000009")
                for index in range(start, min(size, start + 200)):
                    category = rng.choice(MIX)
                    text = ("Compte rendu %d : glycémie %.2f g/L\n" % (index, rng.random() * 2))
                    upload = receive_upload(io.BytesIO(text.encode()), "cr.txt", 10 ** 6)
                    document = add_professional_document(
                        dossier, upload, author, site.registry, category=category,
                        type_code=TYPES[category], title="Document %04d" % index,
                        care_date=datetime.date(2010, 1, 1) + datetime.timedelta(days=index * 3))
                    force_state(document, VALIDATED, "benchmark")
    return names


def run():
    site = BenchSite()
    names = build(site, (10, 1000))
    browser = webtest.TestApp(site.app)
    figures = {}
    for size, (name, patient_nir) in names.items():
        browser.reset()
        form = browser.get("/login").forms["form"]
        form["login"], form["password"] = patient_nir, DEMO_PASSWORD
        form.submit("submit")
        home = "/dossiers/%s/" % name
        for page, url in (("home", home), ("listing", home + "biologie/")):
            figures[(page, size)] = time_calls(lambda url=url: browser.get(url), REPEAT)
    site.close()
    print("dossiers of 10 and 1,000 documents; the listing is their biology folder "
          "(about 40 % of the documents), 25 a page")
    for page in ("home", "listing"):
        small, large = figures[(page, 10)], figures[(page, 1000)]
        print("%-8s  10 docs: p50 %6.1f ms  p95 %6.1f ms | 1,000 docs: p50 %6.1f ms  p95 %6.1f ms"
              " | p95 ratio 1000/10: %.1f | target p95 <= 50 ms: %s"
              % (page, small[0], small[1], large[0], large[1], large[1] / small[1],
                 "met" if large[1] <= 50 else "MISSED"))
