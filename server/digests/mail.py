"""A digest by email: multipart text and HTML, one-click unsubscribe, through smtplib; and the
email that confirms an address first.

The message (email.message.EmailMessage) carries `List-Unsubscribe` with a signed HTTPS link
and `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058: a mail client POSTs that
body to the link, and the list's emails stop; the feed stays). RFC 8058 also asks for a DKIM
signature covering both headers: that is the outgoing relay's job. Each paper has signed "save"
and "not relevant" links (digests/links.py). It goes out with STARTTLS (unless
smtp_starttls is off), logging in when a user is set; any SMTP or network failure raises
DigestDeliveryError, which the job's RQ retries take up.
"""
from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import urlsplit

from server.digests import links
from server.digests.render import papers_with_links, render


class DigestDeliveryError(Exception):
    """The SMTP server could not be reached or refused the message (retried by RQ)."""


def message(redis, settings, account_id: str, digest: dict, to: str) -> EmailMessage:
    list_name, items = digest["list"], digest["items"]
    unsubscribe = links.link_url(redis, settings, "unsubscribe", account_id, list_name, email=to)
    context = {"digest": digest, "papers": papers_with_links(redis, settings, account_id, digest),
               "trending": digest.get("trending") or [], "unsubscribe": unsubscribe}
    mail = _envelope(settings, to, f"PaperGist: {len(items)} new paper{'s' if len(items) != 1 else ''} "
                                   f"for “{list_name}” ({digest['day']})")
    mail["List-Id"] = f"PaperGist digest <{_domain(settings)}>"
    mail["List-Unsubscribe"] = f"<{unsubscribe}>"
    mail["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    mail.set_content(render("digest.txt", **context))
    mail.add_alternative(render("digest.html", **context), subtype="html")
    return mail


def confirmation(redis, settings, account_id: str, list_name: str, to: str) -> EmailMessage:
    """The one email an address gets before its owner confirms it: no digest goes to an address
    someone merely typed in."""
    confirm = links.link_url(redis, settings, "confirm_email", account_id, list_name, email=to)
    mail = _envelope(settings, to, f"PaperGist: confirm the daily digest of “{list_name}”")
    mail.set_content(render("confirm.txt", list=list_name, confirm=confirm))
    return mail


def _envelope(settings, to: str, subject: str) -> EmailMessage:
    mail = EmailMessage()
    mail["Subject"] = subject
    mail["From"] = settings.smtp_from or f"PaperGist <papergist@{_domain(settings)}>"
    mail["To"] = to
    mail["Date"] = formatdate(localtime=False)
    mail["Message-ID"] = make_msgid("digest", domain=_domain(settings))
    return mail


def send(settings, mail: EmailMessage) -> None:
    """Hand the message to the SMTP server; once it has accepted it, nothing raises (a failed
    QUIT after that must not make the job send the day's email again)."""
    try:
        smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout_seconds)
    except (smtplib.SMTPException, OSError) as error:
        raise DigestDeliveryError(f"SMTP {settings.smtp_host}:{settings.smtp_port}: {error}") from None
    try:
        if settings.smtp_starttls == "on":
            smtp.starttls(context=ssl.create_default_context(cafile=settings.smtp_ca_file or None))
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password)
        smtp.send_message(mail)
    except (smtplib.SMTPException, OSError) as error:
        smtp.close()
        raise DigestDeliveryError(f"SMTP {settings.smtp_host}:{settings.smtp_port}: {error}") from None
    try:
        smtp.quit()
    except (smtplib.SMTPException, OSError):
        smtp.close()


def _domain(settings) -> str:
    return urlsplit(settings.base_url).hostname or "localhost"
