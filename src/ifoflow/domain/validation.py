"""Turns pydantic's validation errors into one Swedish message naming the field."""

from pydantic import ValidationError

from ifoflow.domain.errors import InputError

MESSAGES = {
    "missing": "Uppgiften saknas.",
    "string_too_short": "Är för kort.",
    "string_too_long": "Är för långt.",
    "int_parsing": "Måste vara ett heltal.",
    "int_type": "Måste vara ett heltal.",
    "int_from_float": "Måste vara ett heltal (kronor utan ören).",
    "float_parsing": "Måste vara ett tal.",
    "bool_parsing": "Måste vara ja/nej (true/false).",
    "greater_than_equal": "Värdet är för litet.",
    "less_than_equal": "Värdet är för stort.",
    "enum": "Ogiltigt värde.",
    "literal_error": "Ogiltigt värde.",
    "list_type": "Måste vara en lista.",
    "dict_type": "Måste vara en tabell med namn och värden.",
    "model_type": "Måste vara en tabell med namn och värden.",
    "extra_forbidden": "Okänt fält.",
    "date_from_datetime_parsing": "Måste vara ett datum (ÅÅÅÅ-MM-DD).",
    "date_parsing": "Måste vara ett datum (ÅÅÅÅ-MM-DD).",
}


def field_path(loc: tuple[int | str, ...]) -> str:
    """('members', 0, 'role') -> 'members[0].role'."""
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "fil"


def to_input_error(exc: ValidationError) -> InputError:
    """The first problem, in Swedish, naming its field; allowed values are listed for enums."""
    err = exc.errors()[0]
    message = MESSAGES.get(err["type"], "Ogiltigt värde.")
    if err["type"] == "value_error":  # our own validators already speak Swedish
        raised = (err.get("ctx") or {}).get("error", message)
        message = raised.message if isinstance(raised, InputError) else str(raised)
    if err["type"] == "string_too_short" and (err.get("ctx") or {}).get("min_length", 1) <= 1:
        message = "Får inte vara tomt."
    elif err["type"] == "string_too_short":
        message = f"Är för kort: skriv minst {err['ctx']['min_length']} tecken."
    expected = (err.get("ctx") or {}).get("expected")
    if expected:
        message += f" Tillåtna värden: {str(expected).replace(' or ', ' eller ')}."
    return InputError(field_path(tuple(err["loc"])), message)
