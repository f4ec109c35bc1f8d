"""The filter text fields go through before they are validated or stored (the directory instead
refuses control characters with a message)."""


def clean_text(value):
    """Browsers send line breaks as CRLF but count them as one character: store LF, so length
    limits count what people see. NUL characters go: PostgreSQL cannot store them in text."""
    if not isinstance(value, str):
        return value
    return value.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").strip()
