"""Options of a page read from its query string (sort, filters, page...)."""
import colander


def read_query(schema, params, localizer):
    """(values, errors): the parameters ``schema`` accepts; an invalid one falls back to its
    default and is reported in ``errors`` (name -> message) for the page to say so."""
    params = {key: value for key, value in params.items() if value != ""}
    try:
        return schema.deserialize(params), {}
    except colander.Invalid as error:
        errors = error.asdict(localizer.translate)
        valid = {key: value for key, value in params.items() if key not in errors}
        return schema.deserialize(valid), errors
