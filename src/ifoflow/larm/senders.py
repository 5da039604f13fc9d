"""The ways out: e-mail through the municipality's SMTP server, text messages through its SMS gateway.
Each raises SendError with a Swedish reason; the message id is the alert's key, so a receiver that keeps
messages once (Message-ID, the gateway's reference) keeps a resent alert once."""

import smtplib
from email.message import EmailMessage

import httpx

from ifoflow.settings import Settings


class SendError(RuntimeError):
    pass


def email(settings: Settings, to: str, subject: str, body: str, key: str) -> None:
    if not settings.smtp_host:
        raise SendError("Ingen e-postserver är inställd (IFOFLOW_SMTP_HOST).")
    if "@" not in to:
        raise SendError("Mottagarens e-postadress saknas eller är felaktig.")
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = settings.smtp_from, to, subject
    message["Message-ID"] = message_id(key)
    message.set_content(body)
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=10) as smtp:
            if settings.smtp_starttls:
                smtp.starttls()
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password)
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise SendError(f"E-postservern tog inte emot meddelandet: {exc}") from exc


def message_id(key: str) -> str:
    """The same id for every sending of one alert: a receiver that keeps messages once keeps a resend once."""
    return f"<{''.join(c if (c.isascii() and c.isalnum()) or c in '-_.' else '.' for c in key)}@ifoflow.larm>"


def sms(settings: Settings, to: str, text: str, key: str) -> None:
    if not settings.sms_gateway_url:
        raise SendError("Ingen SMS-tjänst är inställd (IFOFLOW_SMS_GATEWAY_URL).")
    digits = to.replace(" ", "").replace("-", "")
    if not digits.lstrip("+").isdigit() or len(digits) < 8:
        raise SendError("Mottagarens telefonnummer saknas eller är felaktigt.")
    headers = {"Authorization": f"Bearer {settings.sms_gateway_token}"} if settings.sms_gateway_token else {}
    try:
        response = httpx.post(settings.sms_gateway_url, json={"till": digits, "meddelande": text, "referens": key},
                              headers=headers, timeout=10)
    except httpx.HTTPError as exc:
        raise SendError(f"SMS-tjänsten svarar inte: {exc}") from exc
    if response.status_code >= 300:
        raise SendError(f"SMS-tjänsten svarade {response.status_code}.")
