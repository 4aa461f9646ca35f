"""deform forms with our templates, translations and the CSRF token."""
import os

import colander
import deform
from pyramid.i18n import get_localizer
from pyramid.threadlocal import get_current_request

_OUR_TEMPLATES = os.path.join(os.path.dirname(os.path.dirname(__file__)), "templates", "deform")
_DEFORM_TEMPLATES = os.path.join(os.path.dirname(deform.__file__), "templates")


def _translate(term):
    return get_localizer(get_current_request()).translate(term)


def make_form(request, schema, buttons, formid="form", action=None, **kw):
    """A deform form for ``schema`` with a hidden ``csrf_token`` (Pyramid checks it on POST)."""
    schema = schema.clone()
    schema.add(colander.SchemaNode(
        colander.String(), name="csrf_token", widget=deform.widget.HiddenWidget(),
        default=request.session.get_csrf_token(), missing=colander.drop,
    ))
    return deform.Form(schema.bind(request=request), buttons=buttons, formid=formid,
                       action=action or request.path_qs, **kw)


def validate(form, request):
    """The appstruct of a submitted form (raises deform.ValidationFailure)."""
    appstruct = form.validate(request.POST.items())
    appstruct.pop("csrf_token", None)
    return appstruct


def button(name, title, css_class="btn-primary"):
    return deform.Button(name=name, title=title, css_class=css_class)


def service_error(form, appstruct, message, field=None):
    """A ValidationFailure to re-render ``form`` with a service's ``message`` on ``field``
    (or on the whole form): e.g. "a dossier already exists" after the schema said yes."""
    error = colander.Invalid(form.schema, None if field else message)
    if field:
        error[field] = message
    form.widget.handle_error(form, error)
    return deform.ValidationFailure(form, form.schema.serialize(appstruct), error)


def includeme(config):
    renderer = deform.ZPTRendererFactory((_OUR_TEMPLATES, _DEFORM_TEMPLATES),
                                         translator=_translate)
    deform.Form.set_default_renderer(renderer)
