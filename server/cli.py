"""The `steward` command line: migrate, load the demo, create users and tokens, back up, restore
and check the database, serve."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.exc import OperationalError, SQLAlchemyError

from server.settings import PROJECT_ROOT, Settings, SettingsError


class CommandError(Exception):
    """A problem the person at the terminal can fix; printed without a traceback."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="steward",
        description="Steward: the register for IT service management improvement work.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    commands.add_parser("migrate", help="bring the database schema up to date")

    demo = commands.add_parser("demo", help="load the demo organisation into an empty database")
    demo.add_argument(
        "--scale",
        default="1",
        help="1 (default) for the demo; N for N times as many initiatives and metrics; "
        "'bench' for the benchmark data set (10,000 initiatives, 360,000 measurements); "
        "'bench-x10' or 'bench-x100' for ten or a hundred times that (PostgreSQL)",
    )
    demo.add_argument(
        "--first-run",
        action="store_true",
        help="stay quiet when the database already holds data (used by `make run`)",
    )

    user = commands.add_parser("create-user", help="create a person who can sign in")
    user.add_argument("--email", required=True)
    user.add_argument("--name", required=True)
    user.add_argument("--admin", action="store_true", help="make the person an administrator")
    user.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from standard input instead of prompting",
    )

    token = commands.add_parser("create-token", help="create an API token for a reporting tool")
    token.add_argument("--email", required=True, help="the person the token acts as")
    token.add_argument("--name", required=True, help="what the token is for")
    token.add_argument("--scope", choices=["read", "read-write"], default="read")
    token.add_argument("--expires-in-days", type=_positive_int, default=None)

    imports = commands.add_parser(
        "import-measurements",
        help="import measurements from a CSV file (all rows, or none)",
        description="Import measurements from a CSV file with the columns metric, taken_at, "
        "value and optionally source (docs/measurement-import.md). Every bad line is reported "
        "and then nothing is written.",
    )
    imports.add_argument("file", metavar="FILE", help="the CSV file (UTF-8)")
    imports.add_argument(
        "--as",
        dest="as_email",
        metavar="EMAIL",
        required=True,
        help="the person recording them: the owner of the metrics or of a linked initiative",
    )
    imports.add_argument(
        "--dry-run", action="store_true", help="check the file only; write nothing"
    )

    remind = commands.add_parser(
        "remind",
        help="raise the reminders due (each once), for operators who prefer cron",
        description="Raise every reminder due and not raised before: stale and late work, "
        "target dates passed, measurements and benefit reviews due, decisions waiting too long. "
        "The thresholds are the STEWARD_REMINDER_* settings.",
    )
    remind.add_argument(
        "--once", action="store_true", required=True, help="run once and exit (the only mode)"
    )
    mail = commands.add_parser(
        "mail",
        help="write the digests due and send the mails waiting, for operators who prefer cron",
        description="Write every daily digest whose hour has come, then send the mails waiting "
        "in the outbox to the server STEWARD_SMTP_URL names (the app does this in the "
        "background every STEWARD_MAIL_INTERVAL_SECONDS).",
    )
    mail.add_argument(
        "--once", action="store_true", required=True, help="run once and exit (the only mode)"
    )
    hooks = commands.add_parser(
        "webhooks",
        help="send the webhook deliveries due, for operators who prefer cron",
        description="POST every webhook delivery due to its endpoint, signed (the app does this "
        "in the background every STEWARD_WEBHOOK_INTERVAL_SECONDS).",
    )
    hooks.add_argument(
        "--once", action="store_true", required=True, help="run once and exit (the only mode)"
    )
    backup = commands.add_parser(
        "backup",
        help="copy the SQLite database to a file, consistent while the server runs",
        description="Copy the SQLite database (STEWARD_DATABASE_URL) to PATH with SQLite's "
        "online backup API: one consistent moment, while the server keeps serving and writing. "
        "For PostgreSQL use pg_dump (docs/deploy.md).",
    )
    backup.add_argument("path", metavar="PATH", help="the backup file to write")
    backup.add_argument("--force", action="store_true", help="replace PATH when it exists")
    restore = commands.add_parser(
        "restore",
        help="replace the SQLite database with a backup",
        description="Replace the SQLite database (STEWARD_DATABASE_URL) with the backup at PATH. "
        "Stop the server first. Run `steward check` afterwards. For PostgreSQL use pg_restore "
        "(docs/deploy.md).",
    )
    restore.add_argument("path", metavar="PATH", help="a file `steward backup` wrote")
    restore.add_argument(
        "--force", action="store_true", help="restore even though the database is in use"
    )
    commands.add_parser(
        "check",
        help="verify the database: migrations, orphan rows, derived values, the search index",
        description="Check the database and print each finding; exits 1 when something is wrong.",
    )
    serve = commands.add_parser("serve", help="serve the web pages and the API")
    serve.add_argument("--host", default=None, help="default: STEWARD_HOST or 127.0.0.1")
    serve.add_argument("--port", type=_positive_int, default=None, help="default: 8000")
    serve.add_argument(
        "--workers",
        type=_positive_int,
        default=1,
        help="processes serving requests (default: 1); more use more cores: each is stateless, "
        "so any of them can answer any request",
    )
    return parser


def _positive_int(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number above 0, not {value!r}")
    return int(value)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = Settings.from_env()
        handler = {
            "migrate": cmd_migrate,
            "demo": cmd_demo,
            "create-user": cmd_create_user,
            "create-token": cmd_create_token,
            "serve": cmd_serve,
            "import-measurements": cmd_import_measurements,
            "remind": cmd_remind,
            "mail": cmd_mail,
            "webhooks": cmd_webhooks,
            "backup": cmd_backup,
            "restore": cmd_restore,
            "check": cmd_check,
        }[args.command]
        return handler(settings, args)
    except (CommandError, SettingsError) as error:
        print(f"steward {args.command}: {error}", file=sys.stderr)
        return 1
    except OperationalError as error:
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        print(f"steward {args.command}: cannot reach the database: {reason}", file=sys.stderr)
        return 1
    except SQLAlchemyError as error:
        print(
            f"steward {args.command}: database error: {error.__class__.__name__}", file=sys.stderr
        )
        return 1
    except KeyboardInterrupt:
        return 130


def alembic_config(database_url: str):
    from alembic.config import Config

    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "alembic"))
    config.attributes["database_url"] = database_url
    config.attributes["configure_logging"] = False
    return config


def cmd_migrate(settings: Settings, _args) -> int:
    from alembic import command

    command.upgrade(alembic_config(settings.database_url), "head")
    print(f"Database is up to date ({_describe(settings.database_url)}).")
    return 0


def cmd_demo(settings: Settings, args) -> int:
    from server.db import make_sync_engine
    from server.demo.build import parse_scale
    from server.demo.load import load_demo

    try:
        scale = parse_scale(args.scale)
    except ValueError as error:
        raise CommandError(str(error)) from None
    engine = make_sync_engine(settings.database_url)
    _require_migrated(engine)
    result = load_demo(engine, scale)
    engine.dispose()
    if not result.loaded:
        if not args.first_run:
            print("The database already holds data; the demo was not loaded (nothing changed).")
        return 0
    summary = ", ".join(
        f"{count} {name.replace('_', ' ')}"
        for name, count in result.counts.items()
        if name in {"people", "plans", "initiatives", "metrics", "measurements"}
    )
    print(f"Loaded the demo organisation: {summary}.")
    return 0


def cmd_create_user(settings: Settings, args) -> int:
    from server.domain.core.audit import SYSTEM_ACTOR
    from server.domain.people.accounts import Actor, create_person

    password = _read_password(args.password_stdin)
    with _session(settings) as session:
        person = create_person(
            session,
            Actor(None, SYSTEM_ACTOR),
            email=args.email,
            name=args.name,
            password=password,
            is_admin=args.admin,
        )
        session.commit()
        print(f"Created {person.name} <{person.email}>{' (administrator)' if args.admin else ''}.")
    return 0


def cmd_create_token(settings: Settings, args) -> int:
    from server.domain.core.audit import SYSTEM_ACTOR
    from server.domain.people.accounts import Actor, create_api_token, person_by_email
    from server.models.enums import TokenScope

    scope = TokenScope.READ if args.scope == "read" else TokenScope.READ_WRITE
    with _session(settings) as session:
        person = person_by_email(session, args.email)
        issued = create_api_token(
            session,
            Actor(None, SYSTEM_ACTOR),
            person=person,
            name=args.name,
            scope=scope,
            expires_in_days=args.expires_in_days,
        )
        session.commit()
        email = person.email
    print(f"Token for {email} ({args.scope}); it is shown only this once:")
    print(issued.secret)
    print("Send it as the header  Authorization: Bearer <token>")
    return 0


SHOWN_PROBLEMS = 1_000


def cmd_remind(settings: Settings, args) -> int:
    from server.domain.collaboration import reminders

    thresholds = reminders.Thresholds(settings.reminder_stale_days, settings.reminder_decision_days)
    with _session(settings) as session:
        told = reminders.run(session, thresholds=thresholds)
        session.commit()
    print(f"Reminded {told} {'person' if told == 1 else 'people'}.")
    return 0


def cmd_mail(settings: Settings, args) -> int:
    from server.domain.collaboration import mail_sender

    if settings.smtp is None:
        raise CommandError("STEWARD_SMTP_URL is not set, so Steward sends no mail")
    with _session(settings) as session:
        done = mail_sender.turn(session, settings.smtp, settings.mail_from)
        session.commit()
    print(f"Wrote {done.digests} digests; sent {done.sent} mails, {done.refused} refused.")
    if done.unreachable:
        print(f"steward mail: cannot reach {settings.smtp!r}; the rest wait", file=sys.stderr)
        return 1
    return 0


def cmd_webhooks(settings: Settings, args) -> int:
    from server.domain.collaboration import webhook_sender

    policy = webhook_sender.Policy(
        settings.webhook_allowed_networks, settings.webhook_failure_limit
    )
    with _session(settings) as session:
        delivered, failed = webhook_sender.deliver_due(session, policy)
        session.commit()
    print(f"Delivered {delivered} webhook events; {failed} failed and wait to be tried again.")
    return 0


REFUSED = 2  # the exit code of a backup or restore refused before anything was changed


def cmd_backup(settings: Settings, args) -> int:
    from server import backup

    try:
        copied = backup.backup(settings.database_url, Path(args.path), force=args.force)
    except backup.Refused as refused:
        print(f"steward backup: {refused}", file=sys.stderr)
        return REFUSED
    print(f"Backed up {_describe(settings.database_url)} to {copied.path} ({copied.describe()}).")
    return 0


def cmd_restore(settings: Settings, args) -> int:
    from alembic.script import ScriptDirectory

    from server import backup

    scripts = ScriptDirectory.from_config(alembic_config(settings.database_url))
    known = {script.revision for script in scripts.walk_revisions()}
    try:
        copied = backup.restore(
            Path(args.path), settings.database_url, known=known, force=args.force
        )
    except backup.Refused as refused:
        print(f"steward restore: {refused}", file=sys.stderr)
        return REFUSED
    print(f"Restored {copied.path} from {Path(args.path).resolve()} ({copied.describe()}).")
    if copied.revision != scripts.get_current_head():
        print("The backup is from an older version: run `steward migrate`, then `steward check`.")
    else:
        print("Run `steward check` to verify it.")
    return 0


def cmd_check(settings: Settings, _args) -> int:
    from server.db import make_sync_engine
    from server.integrity import run_checks

    engine = make_sync_engine(settings.database_url, pooled=False)
    try:
        findings = run_checks(engine)
    finally:
        engine.dispose()
    problems = 0
    for finding in findings:
        if finding.ok:
            print(f"ok       {finding.check}: {finding.message}")
        else:
            problems += 1
            print(f"PROBLEM  {finding.check}: {finding.message}")
    if problems:
        print(
            f"steward check: {problems} problem{'s' if problems != 1 else ''} found",
            file=sys.stderr,
        )
        return 1
    print(f"All {len(findings)} checks passed ({_describe(settings.database_url)}).")
    return 0


def cmd_import_measurements(settings: Settings, args) -> int:
    from server.domain.core.errors import RuleViolation
    from server.domain.imports import records as measurement_imports
    from server.domain.imports.checker import ImportRejected, check
    from server.domain.imports.csv_reader import decode
    from server.domain.people.accounts import person_by_email

    path = Path(args.file)
    try:
        content = path.read_bytes()
    except OSError as error:
        print(f"steward import-measurements: cannot read {path}: {error.strerror}", file=sys.stderr)
        return 2
    try:
        text = decode(content)
    except ValueError as error:
        raise CommandError(f"{path.name}: {error}; nothing was written") from None
    with _session(settings) as session:
        try:
            person = person_by_email(session, args.as_email)
        except RuleViolation:
            raise CommandError(f"--as: no person has the e-mail address {args.as_email}") from None
        viewer = measurement_imports.viewer_for(session, person.id)
        if viewer is None:
            raise CommandError(f"{person.email} is deactivated; nothing was written")
        try:
            if args.dry_run:
                checked = check(session, viewer, text)
                if not checked.ok:
                    raise ImportRejected(checked.problems, checked.lines_read)
                count, metrics = len(checked.rows), len(checked.metrics)
            else:
                record = measurement_imports.import_now(session, viewer, path.name, text)
                session.commit()
                count, metrics = record.row_count, len(record.summary["metrics"])
        except ImportRejected as rejected:
            _print_problems(path, rejected)
            return 1
    plural = "s" if metrics != 1 else ""
    if args.dry_run:
        print(
            f"{path.name}: {count} measurements for {metrics} metric{plural} are good; "
            "nothing was written (--dry-run)."
        )
    else:
        print(f"Imported {count} measurements for {metrics} metric{plural} from {path.name}.")
    return 0


def _print_problems(path: Path, rejected) -> None:
    problems = rejected.problems
    noun = "problem" if len(problems) == 1 else "problems"
    print(
        f"steward import-measurements: {path.name} was refused ({len(problems)} {noun}); "
        "nothing was written:",
        file=sys.stderr,
    )
    for problem in problems[:SHOWN_PROBLEMS]:
        print(f"  {problem.message}", file=sys.stderr)
    if len(problems) > SHOWN_PROBLEMS:
        print(f"  ... and {len(problems) - SHOWN_PROBLEMS} more", file=sys.stderr)


def cmd_serve(settings: Settings, args) -> int:
    import uvicorn

    from server.web.core.metrics_files import share_between_workers
    from server.web.core.request_log import configure_logging

    host = args.host or settings.host
    port = args.port or settings.port
    # Before anything imports prometheus_client: a scrape of any worker sums them all.
    share_between_workers(settings.var_dir, port)
    _print_welcome(settings, host, port)
    # Every line in STEWARD_LOG_FORMAT, uvicorn's too (each worker sets it up again); Steward
    # writes one line per request itself (server/web/core/request_log.py).
    configure_logging(settings.log_format)
    options = {"host": host, "port": port, "log_level": "info", "access_log": False}
    options["log_config"] = None
    # The client address is Steward's to decide (STEWARD_TRUSTED_PROXIES): uvicorn's own
    # reading of X-Forwarded-For, which trusts 127.0.0.1 by default, stays off.
    options["proxy_headers"] = False
    # A stop lets the requests in flight finish (settings.shutdown_grace_seconds).
    options["timeout_graceful_shutdown"] = settings.shutdown_grace_seconds
    if args.workers > 1:
        # Each worker process builds its own app from the same environment.
        uvicorn.run("server.app:serving_app", factory=True, workers=args.workers, **options)
    else:
        from server.app import serving_app

        uvicorn.run(serving_app(settings), **options)
    return 0


def _print_welcome(settings: Settings, host: str, port: int) -> None:
    from sqlalchemy import select

    from server.demo import content
    from server.models import Person

    print(f"\nSteward is starting on http://{host}:{port}/ (sign in at /sign-in; Ctrl-C stops)")
    print(f"Database: {_describe(settings.database_url)}")
    with _session(settings) as session:
        demo_people = session.execute(
            select(Person.email, Person.name, Person.is_admin)
            .where(Person.email.like(f"%@{content.DEMO_DOMAIN}"))
            .order_by(Person.id)
        ).all()
    if demo_people:
        print(f"Demo accounts (password for all: {content.DEMO_PASSWORD}):")
        roles = {key: grants for key, _, _, grants in content.PEOPLE}
        for email, name, is_admin in demo_people:
            key = email.split("@")[0]
            held = sorted({role.replace("_", " ") for role, _ in roles.get(key, [])})
            label = ", ".join((["administrator"] if is_admin else []) + held) or "no role"
            print(f"  {email:<32} {name:<18} {label}")
    print()


def _read_password(from_stdin: bool) -> str:
    if from_stdin or not sys.stdin.isatty():
        password = sys.stdin.readline().rstrip("\n")
        if not password:
            raise CommandError("no password on standard input")
        return password
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Repeat the password: "):
        raise CommandError("the two passwords differ; nothing was created")
    return first


class _session:
    """A sync ORM session on a fresh engine, disposed of afterwards; checks the schema first."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def __enter__(self):
        from sqlalchemy.orm import Session

        from server.db import make_sync_engine

        self.engine = make_sync_engine(self.settings.database_url)
        _require_migrated(self.engine)
        from server.domain.collaboration.session_info import session_info_for

        # what a command makes happen is mailed, and sent to webhooks, too
        self.session = Session(self.engine, info=session_info_for(self.settings))
        return self.session

    def __exit__(self, exc_type, exc, tb) -> None:
        self.session.close()
        self.engine.dispose()
        if exc_type is not None:
            from server.domain.core.errors import RuleViolation

            if isinstance(exc, RuleViolation):
                field = f"--{exc.field.replace('_', '-')}" if exc.field else None
                message = f"{field}: {exc.message}" if field else exc.message
                raise CommandError(f"{message}; nothing was changed") from None


def _require_migrated(engine) -> None:
    from sqlalchemy import inspect

    if not inspect(engine).has_table("alembic_version"):
        raise CommandError("the database has no schema yet; run `steward migrate` first")


def _describe(url: str) -> str:
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"SQLite file {Path(parsed.database or '').resolve()}"
    return parsed.render_as_string(hide_password=True)
