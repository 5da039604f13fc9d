"""How a letter reaches its reader. Today two channels: the municipality's ordinary post or digital mailbox, to
which a letter is handed ready to send (`skapad`), and manual handling for a person with skyddad identitet: a
person sends it through Skatteverket's forwarding, and no address is ever printed (`manuell`)."""

from ifoflow.domain.enums import LetterStatus


def channel(protected_identity: bool) -> LetterStatus:
    """The channel a new letter to this person takes."""
    return LetterStatus.manuell if protected_identity else LetterStatus.skapad
