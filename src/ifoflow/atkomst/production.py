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
    if settings.eid_provider == "oidc" and not all((settings.eid_client_id, settings.eid_client_secret,
                                                    settings.eid_authorize_url, settings.eid_token_url,
                                                    settings.eid_userinfo_url)):
        problems.append("E-legitimationen för medborgare är inte inställd: sätt IFOFLOW_EID_CLIENT_ID, "
                        "IFOFLOW_EID_CLIENT_SECRET, IFOFLOW_EID_AUTHORIZE_URL, IFOFLOW_EID_TOKEN_URL och "
                        "IFOFLOW_EID_USERINFO_URL från kommunens e-legitimationstjänst (OIDC).")
    if not settings.cookie_secure:
        problems.append("IFOFLOW_COOKIE_SECURE=false skickar inloggningskakan okrypterat. Kör bakom HTTPS och ta "
                        "bort inställningen.")
    problems += _alert_problems("IFOFLOW_ORO_ALERT", settings.oro_alert_channel, settings.oro_alert_to, settings)
    problems += _alert_problems("IFOFLOW_OPS_ALERT", settings.ops_alert_channel, settings.ops_alert_to, settings)
    if settings.metrics_token and len(settings.metrics_token) < MIN_SECRET // 2:
        problems.append(f"IFOFLOW_METRICS_TOKEN är kortare än {MIN_SECRET // 2} tecken; välj en längre.")
    users = demo_password_users(session)
    if users:
        problems.append(f"Konton har demolösenordet (t.ex. {', '.join(users)}). Byt lösenord med "
                        "`ifoflow users set-password ANVÄNDARE`, eller använd en kopia utan demodata.")
    return problems


def _alert_problems(prefix: str, channel: str, to: str, settings: Settings) -> list[str]:
    """An alert channel that cannot reach anyone is worse than none: it looks set up."""
    if channel not in ("sida", "epost", "sms"):
        return [f"{prefix}_CHANNEL={channel} finns inte; välj sida, epost eller sms."]
    if channel == "sida":
        return []
    found = []
    if not to:
        found.append(f"{prefix}_TO saknas: vart ska larmen ({channel}) gå?")
    if channel == "epost" and not settings.smtp_host:
        found.append(f"{prefix}_CHANNEL=epost men IFOFLOW_SMTP_HOST saknas: ange kommunens e-postserver.")
    if channel == "sms" and not settings.sms_gateway_url:
        found.append(f"{prefix}_CHANNEL=sms men IFOFLOW_SMS_GATEWAY_URL saknas: ange SMS-tjänstens adress.")
    return found
