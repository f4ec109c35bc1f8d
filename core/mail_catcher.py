"""The development mail catcher: an SMTP server (aiosmtpd) on localhost that delivers nothing
and keeps every mail it receives as an `.eml` file in a folder (`instance/mails/`), where
owners read them at /admin/mails and anyone can open them with a mail program.

    python -m core.mail_catcher --port 8025 --folder instance/mails

`make run` starts it beside the web server; the tests start it on a free port.
"""

import argparse
import re
import threading
import time
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

from aiosmtpd.controller import Controller

DEFAULT_PORT = 8025
_counter_lock = threading.Lock()
_counter = [0]
_LINK = re.compile(r"https?://[^\s<>\"]+")


class FolderHandler:
    """aiosmtpd handler: each message into a file of its own, named in order of arrival."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  (aiosmtpd's name)
        with _counter_lock:
            _counter[0] += 1
            name = f"{time.time_ns()}-{_counter[0]:06d}.eml"
        partial = self.folder / f".{name}.part"
        partial.write_bytes(envelope.original_content or envelope.content)
        # Renamed when complete: a reader never sees half a mail.
        partial.rename(self.folder / name)
        return "250 Message accepted for delivery"


def start(folder: Path, *, port: int = DEFAULT_PORT, host: str = "127.0.0.1") -> Controller:
    """A running catcher (stop it with `.stop()`)."""
    controller = Controller(FolderHandler(folder), hostname=host, port=port)
    controller.start()
    return controller


@dataclass(frozen=True)
class CaughtMail:
    name: str
    message: EmailMessage

    @property
    def text(self) -> str:
        part = self.message.get_body(preferencelist=("plain",))
        return part.get_content() if part is not None else ""

    @property
    def links(self) -> list[str]:
        return _LINK.findall(self.text)

    @property
    def html(self) -> str:
        part = self.message.get_body(preferencelist=("html",))
        return part.get_content() if part is not None else ""


def caught(folder: Path) -> list[CaughtMail]:
    """Every caught mail, newest first."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    parser = BytesParser(policy=policy.default)
    mails = []
    for path in sorted(folder.glob("*.eml"), reverse=True):
        with path.open("rb") as handle:
            mails.append(CaughtMail(name=path.name, message=parser.parse(handle)))
    return mails


def main() -> None:
    parser = argparse.ArgumentParser(description="Landwerk's development mail catcher")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--folder", default="instance/mails")
    arguments = parser.parse_args()
    controller = start(Path(arguments.folder), port=arguments.port)
    print(f"Mail catcher on smtp://127.0.0.1:{arguments.port}, mails in {arguments.folder}/")  # noqa: T201
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
