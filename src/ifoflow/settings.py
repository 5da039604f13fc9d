"""One settings object, read from IFOFLOW_* environment variables."""

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


def default_data_dir() -> Path:
    return Path.home() / ".local" / "share" / "ifoflow"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="IFOFLOW_")

    data_dir: Path = default_data_dir()
    database_url: str = ""  # empty: an SQLite file in data_dir
    municipality_name: str = "Exempelkommunen"
    letter_phone: str = ""  # the switchboard letters name ("0176-71 000"); empty: "Ring kommunens växel"
    # The municipality's local rules: guidelines, control thresholds, the three-debt rule, retention, lagrum
    # corrections (docs/parameters.md). A shipped example by name, or the path to the municipality's own file.
    riktlinjer: str = "exempelstad"
    host: str = "127.0.0.1"
    port: int = 8000
    page_size: int = 25
    broker_url: str = "redis://127.0.0.1:6379/0"  # Celery broker for `ifoflow worker` (Redis or RabbitMQ)
    robot_chunk_size: int = 500  # items per Celery task
    kontroll_chunk_size: int = 2000  # cases per step of the monthly control
    pg_options: str = "-c random_page_cost=1.1"  # PostgreSQL session options (libpq): planner costs for SSD storage
    skuld_chunk_size: int = 500  # notices per step of skuldhantering
    redispatch_after_s: int = 60  # a distributed run with no finished item for this long is queued again
    stalled_after_minutes: int = 10  # a run with no progress for this long is stalled: resumed, and a task
    follow_up: str = "process"  # letter and payment after an e-service decision: "process" (the server) or "celery"
    secret_key: str = ""  # signs session cookies; empty: a random key kept in data_dir/secret.key
    cookie_secure: bool = True  # send the session cookie over HTTPS only (browsers treat localhost as secure)
    session_hours: int = 8
    lockout_after: int = 5  # failed sign-ins in a row for one account from one client address
    lockout_minutes: int = 15  # how long the failures count
    signin_address_limit: int = 30  # failed sign-ins from one client address (any names) within lockout_minutes
    ssbtek_url: str = "http://127.0.0.1:8081"  # `ifoflow sim ssbtek`; production: the SSBTEK endpoint (mTLS)
    folkbokforing_url: str = "http://127.0.0.1:8082"  # `ifoflow sim folkbokforing`
    mailbox_url: str = ""  # Mina meddelanden (`ifoflow sim` serves one); empty: no digital mailbox channel
    vardfaktura_chunk_size: int = 500  # care invoices per step of vardfakturor
    vardfaktura_inbox: str = ""  # the invoice-handling system's export folder; empty: data_dir/vardfakturor/inkorg
    skanning_inbox: str = ""  # the scanners' scan-to-folder target; empty: data_dir/skanning/inkorg
    skanning_ocr_jobs: int = 2  # OCR processes per file (OCRmyPDF --jobs)
    letter_chunk_size: int = 200  # letters per step of brevutskick
    letter_hold_minutes: int = 15  # a new letter waits this long before it is sent, so a case worker can stop it
    organisation_number: str = "2120000000"  # the municipality's organisationsnummer in SSBTEK questions
    # The account payments are made from (example values; set the municipality's own).
    payment_debtor_name: str = "Exempelkommunen Socialnämnden"
    payment_debtor_iban: str = "SE4550000000058398257466"
    payment_debtor_bic: str = "ESSESESS"
    # Demo mode: `ifoflow demo` turns it on. Only then may the development e-legitimation, the demo passwords and a
    # generated secret key be used; `ifoflow serve` refuses to start with them otherwise.
    demo_mode: bool = False
    eid_provider: str = "oidc"  # "oidc": the IdP below; "dev": pick a synthetic person (demo mode only)
    eid_client_id: str = ""
    eid_client_secret: str = ""
    eid_authorize_url: str = ""
    eid_token_url: str = ""
    eid_userinfo_url: str = ""
    eid_scope: str = "openid https://id.oidc.se/scope/naturalPersonNumber"  # the Swedish OIDC profile (oidc.se)
    eid_personnummer_claim: str = "https://id.oidc.se/claim/personalIdentityNumber"
    notice_api_token: str = ""  # bearer token for POST /api/skuldaviseringar; empty: the API is off
    debt_inbox: Path | None = None  # folder where notices arrive; default <data dir>/inkorg/skulder
    virus_scan_command: str = ""  # e.g. "clamdscan --no-summary"; the file path is appended; non-zero = refused
    max_upload_mb: int = 10
    metrics_token: str = ""  # bearer token Prometheus scrapes /metrics with (operators signed in need none)
    metrics_port: int = 0  # a Celery worker or the scheduler serves its own metrics on this port; 0: none
    log_format: str = "text"  # "json": one JSON object per line with request and run id (production)
    public_url: str = "http://127.0.0.1:8000"  # how staff reach ifoflow: the links in alerts
    # Alerts (docs/larm.md): an acute orosanmälan outside office hours reaches the social emergency service by
    # "sida" (its task queue only), "epost" (SMTP) or "sms" (an SMS gateway); oro_alert_to is its address or number.
    oro_alert_channel: str = "sida"
    oro_alert_to: str = ""
    # The IT strategist hears of a stalled run, failed items and an open circuit breaker the same way.
    ops_alert_channel: str = "sida"
    ops_alert_to: str = ""
    smtp_host: str = ""  # empty: no e-mail can be sent (an e-mail alert then fails and shows on Robotdrift)
    smtp_port: int = 25
    smtp_starttls: bool = False
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_from: str = "ifoflow@kommun.example"
    sms_gateway_url: str = ""  # POST {"till": number, "meddelande": text, "referens": key} with the token below
    sms_gateway_token: str = ""
    oidc_client_id: str = ""  # OIDC single sign-on: set these four to turn it on
    oidc_client_secret: str = ""
    oidc_authorize_url: str = ""
    oidc_token_url: str = ""
    oidc_userinfo_url: str = ""

    def resolved_secret_key(self) -> str:
        """The configured key, or one generated once and kept (mode 600) in the data directory."""
        if self.secret_key:
            return self.secret_key
        import secrets

        path = self.data_dir / "secret.key"
        if not path.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(48), encoding="utf-8")
            path.chmod(0o600)
        return path.read_text(encoding="utf-8").strip()

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'ifoflow.db'}"


@lru_cache
def get_settings() -> Settings:
    return Settings()
