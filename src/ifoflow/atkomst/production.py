"""Safe by default: what makes an installation unfit for real use unless it is explicitly a demo."""

from sqlalchemy.orm import Session

from ifoflow.atkomst.auth import demo_password_users
from ifoflow.settings import Settings

MIN_SECRET = 32


def unsafe_settings(settings: Settings, session: Session) -> list[str]:
    """Each unsafe setting, in Swedish, naming the setting to change. Empty in demo mode or when all is well."""
    if settings.demo_mode:
        return []
    problems = []
    if settings.eid_provider == "dev":
        problems.append("IFOFLOW_EID_PROVIDER=dev är utvecklingsinloggningen där vem som helst kan logga in som "
                        "vem som helst. Sätt IFOFLOW_EID_PROVIDER=oidc och IFOFLOW_EID_* för kommunens "
                        "e-legitimation.")
    if len(settings.secret_key) < MIN_SECRET:
        problems.append(f"IFOFLOW_SECRET_KEY saknas eller är kortare än {MIN_SECRET} tecken. Sätt en egen "
                        "slumpmässig nyckel (samma i alla serverprocesser), t.ex. från: "
                        "python3 -c 'import secrets; print(secrets.token_urlsafe(48))'")
    users = demo_password_users(session)
    if users:
        problems.append(f"Konton har demolösenordet (t.ex. {', '.join(users)}). Byt lösenord med "
                        "`ifoflow users set-password ANVÄNDARE`, eller använd en kopia utan demodata.")
    return problems
