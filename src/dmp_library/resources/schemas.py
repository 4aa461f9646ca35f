"""Colander schemas: the validation shared by deform forms, the JSON API and the ``dmp`` command."""
import datetime

import colander
import deform.widget

from ..i18n import _
from ..security.accounts import MIN_PASSWORD_LENGTH
from .identity import IdentityError, check_nir, check_rpps, nir_matches_identity, normalise_nir
from .summary import SECTIONS
from .vocabulary import (
    CATEGORIES,
    DOCUMENT_TYPES,
    PROFESSIONAL_CATEGORIES,
    VISIBILITY_CODES,
    VISIBILITY_LABELS,
)


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def nir_validator(node, value):
    try:
        check_nir(value)
    except IdentityError as error:
        raise colander.Invalid(node, error.message)


def rpps_validator(node, value):
    try:
        check_rpps(value)
    except IdentityError as error:
        raise colander.Invalid(node, error.message)


def _not_in_future(node, value):
    if value > datetime.date.today():
        raise colander.Invalid(node, _("This date is in the future."))


def birth_date_validator(node, value):
    _not_in_future(node, value)
    if value.year < 1890:
        raise colander.Invalid(node, _("This birth date is too far in the past."))


def care_date_validator(node, value):
    _not_in_future(node, value)
    if value.year < 1900:
        raise colander.Invalid(node, _("This date is too far in the past."))


def _name_node(title):
    return colander.SchemaNode(
        colander.String(), title=title, preparer=_strip,
        validator=colander.Length(min=1, max=100,
                                  max_err=_("At most 100 characters.")),
    )


def identity_validator(form, value):
    message = nir_matches_identity(value["nir"], value.get("sex"), value.get("birth_date"))
    if message is not None:
        error = colander.Invalid(form)
        error["nir"] = message
        raise error


class IdentitySchema(colander.Schema):
    """The identity read from the carte vitale."""

    nir = colander.SchemaNode(
        colander.String(),
        title=_("Social security number (NIR)"),
        description=_("15 characters, as on the carte vitale (spaces allowed)."),
        preparer=normalise_nir,
        validator=nir_validator,
        widget=deform.widget.TextInputWidget(attributes={"autocomplete": "off",
                                                         "inputmode": "text"}),
    )
    family_name = _name_node(_("Family name"))
    given_names = _name_node(_("Given names"))
    birth_date = colander.SchemaNode(
        colander.Date(), title=_("Date of birth"), validator=birth_date_validator,
        widget=deform.widget.TextInputWidget(attributes={"type": "date"}),
    )
    sex = colander.SchemaNode(
        colander.String(), title=_("Sex"),
        validator=colander.OneOf(["F", "M"]),
        widget=deform.widget.SelectWidget(values=(("", "—"), ("F", _("Female")),
                                                  ("M", _("Male")))),
    )

    def __init__(self, *args, **kw):
        kw.setdefault("validator", identity_validator)
        super().__init__(*args, **kw)


def _must_be_checked(node, value):
    if not value:
        raise colander.Invalid(
            node, _("The dossier can only be created with the patient's consent."))


def _consent_node(title):
    return colander.SchemaNode(colander.Boolean(), title=title, validator=_must_be_checked,
                               widget=deform.widget.CheckboxWidget())


def _password_strength(node, value):
    if len(value) < MIN_PASSWORD_LENGTH:
        raise colander.Invalid(node, _("At least ${count} characters.",
                                       mapping={"count": MIN_PASSWORD_LENGTH}))
    if len(value.encode("utf-8")) > 72:
        raise colander.Invalid(node, _("At most 72 bytes (bcrypt's limit)."))


def password_node(title=None, name="password"):
    return colander.SchemaNode(
        colander.String(), name=name, title=title or _("Password"), validator=_password_strength,
        widget=deform.widget.CheckedPasswordWidget(redisplay=False),
    )


class DossierByProfessionalSchema(IdentitySchema):
    consent = _consent_node(_("The patient consents to the creation of the dossier "
                              "(informed and recorded with your identity and the time)."))
    medecin_traitant = colander.SchemaNode(
        colander.Boolean(), title=_("I am this patient's médecin traitant"), missing=False,
        widget=deform.widget.CheckboxWidget(),
    )


class DossierOnlineSchema(IdentitySchema):
    email = colander.SchemaNode(colander.String(), title=_("E-mail"), preparer=_strip,
                                validator=colander.Email(msg=_("Invalid e-mail address.")))
    password = password_node()
    consent = _consent_node(_("I consent to the creation of my dossier médical personnalisé."))


class ActivationSchema(colander.Schema):
    login = colander.SchemaNode(colander.String(), title=_("NIR or e-mail"), preparer=_strip)
    code = colander.SchemaNode(colander.String(), title=_("Activation code"), preparer=_strip,
                               widget=deform.widget.TextInputWidget(
                                   attributes={"autocomplete": "one-time-code"}))
    password = password_node(_("Choose a password"))


class ProfessionalAccountSchema(colander.Schema):
    rpps = colander.SchemaNode(colander.String(), title=_("RPPS number"), preparer=_strip,
                               validator=rpps_validator)
    title = colander.SchemaNode(colander.String(), title=_("Title"), missing="Dr")
    family_name = _name_node(_("Family name"))
    given_names = _name_node(_("Given names"))
    profession = colander.SchemaNode(colander.String(), title=_("Profession"), preparer=_strip,
                                     validator=colander.Length(min=1, max=100))
    specialty = colander.SchemaNode(colander.String(), title=_("Specialty"), missing="")
    organisation = colander.SchemaNode(colander.String(), title=_("Organisation"), missing="")
    address = colander.SchemaNode(colander.String(), title=_("Address"), missing="")
    phone = colander.SchemaNode(colander.String(), title=_("Phone"), missing="")
    email = colander.SchemaNode(colander.String(), title=_("E-mail"), missing=None,
                                validator=colander.Email(msg=_("Invalid e-mail address.")))


class DocumentMetadataSchema(colander.Schema):
    """What a professional says about a document (form and API alike)."""

    category = colander.SchemaNode(
        colander.String(), title=_("Category"),
        validator=colander.OneOf(PROFESSIONAL_CATEGORIES),
        widget=deform.widget.SelectWidget(
            values=[("", "—")] + [(c.name, c.label) for c in CATEGORIES
                                  if c.name in PROFESSIONAL_CATEGORIES]),
    )
    type_code = colander.SchemaNode(
        colander.String(), title=_("Document type (LOINC)"),
        validator=colander.OneOf([t.code for t in DOCUMENT_TYPES]),
        widget=deform.widget.SelectWidget(
            values=[("", "—")] + [(t.code, t.label) for t in DOCUMENT_TYPES]),
    )
    title = colander.SchemaNode(colander.String(), title=_("Title"), preparer=_strip,
                                validator=colander.Length(min=1, max=200))
    care_date = colander.SchemaNode(
        colander.Date(), title=_("Date of care"), validator=care_date_validator,
        widget=deform.widget.TextInputWidget(attributes={"type": "date"}),
    )
    visibility = colander.SchemaNode(
        colander.Set(), title=_("Visibility"), missing=(),
        validator=colander.ContainsOnly(VISIBILITY_CODES),
        widget=deform.widget.CheckboxChoiceWidget(
            values=[(code, VISIBILITY_LABELS[code]) for code in VISIBILITY_CODES]),
    )
    external_id = colander.SchemaNode(
        colander.String(), title=_("Identifier in your software"), missing=None,
        preparer=_strip, validator=colander.Length(max=128),
    )
    validator = colander.SchemaNode(
        colander.String(), title=_("To be validated by (RPPS)"), missing=None,
        description=_("For a document you prepared for someone else (a biologist, your "
                      "senior): only they can validate it; nobody else sees it before."),
        preparer=_strip, validator=rpps_validator,
    )
    draft = colander.SchemaNode(
        colander.Boolean(), title=_("Keep it as a draft (only you see it)"), missing=False,
        widget=deform.widget.CheckboxWidget(),
    )


class DraftMetadataSchema(colander.Schema):
    """What may change on a document while it is a draft."""

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        for name in ("type_code", "title", "care_date", "visibility"):
            self.add(DocumentMetadataSchema()[name].clone())


class NewVersionSchema(DocumentMetadataSchema):
    """A new version keeps the category of the one it replaces."""

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        del self["category"]


class PatientDocumentSchema(colander.Schema):
    """What a patient says about a document of their own."""

    title = colander.SchemaNode(colander.String(), title=_("Title"), preparer=_strip,
                                validator=colander.Length(min=1, max=200))
    care_date = colander.SchemaNode(
        colander.Date(), title=_("Date"), validator=care_date_validator,
        missing=None, widget=deform.widget.TextInputWidget(attributes={"type": "date"}),
    )


class GPSummarySchema(colander.Schema):
    """The VSM sections of a GP summary, each free text (form and API alike)."""

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        for name, title in SECTIONS:
            self.add(colander.SchemaNode(
                colander.String(), name=name, title=title, missing="",
                validator=colander.Length(max=20000),
                widget=deform.widget.TextAreaWidget(rows=4),
            ))
