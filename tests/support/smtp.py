"""A local SMTP server for tests: aiosmtpd on a free port, STARTTLS required (a self-signed
certificate for 127.0.0.1 made with the openssl command, which the client trusts through
PAPERGIST_SMTP_CA_FILE), keeping every message it accepts. `fail_next` makes it answer the
next DATA commands with a temporary failure (451), as a busy relay does."""
from __future__ import annotations

import email
import email.policy
import ssl
import subprocess
from pathlib import Path

from aiosmtpd.controller import Controller

from tests.support.servers import free_port


class LocalSmtp:
    def __init__(self, directory: Path):
        self.cert, key = directory / "smtp-cert.pem", directory / "smtp-key.pem"
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),
                        "-out", str(self.cert), "-days", "2", "-subj", "/CN=127.0.0.1",
                        "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cert, key)
        self.messages: list[email.message.EmailMessage] = []
        self.refused = 0
        self.fail_next = 0
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port, tls_context=context,
                                     require_starttls=True)

    def start(self) -> "LocalSmtp":
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    def settings(self) -> dict:
        """The settings that point PaperGist at this server (Settings fields)."""
        return {"smtp_host": "127.0.0.1", "smtp_port": self.port, "smtp_ca_file": str(self.cert),
                "smtp_from": "PaperGist <digest@papergist.test>"}

    def env(self) -> dict:
        """The same as environment variables, for a PaperGist process."""
        return {f"PAPERGIST_{name.upper()}": value for name, value in self.settings().items()}

    async def handle_DATA(self, server, session, envelope):
        if self.fail_next:
            self.fail_next -= 1
            self.refused += 1
            return "451 4.3.0 Try again later"
        assert session.ssl is not None, "a message arrived before STARTTLS"
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 2.0.0 OK"
