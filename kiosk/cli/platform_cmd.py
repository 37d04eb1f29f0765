"""``kiosk platform serve`` (the reference platform) and ``kiosk platform openapi``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from urllib.parse import urlsplit

from kiosk.cli.common import add_config_option, settings_or_exit


def _config(args: argparse.Namespace):  # noqa: ANN202 - ServerConfig, imported lazily
    from kiosk.platform.config import KeysFileError, ServerConfig, load_kiosk_keys
    from kiosk.platform.embedded import embedded_db_path
    from kiosk.platform.faults import parse_faults

    settings = settings_or_exit(args)
    try:
        faults = parse_faults(args.faults if args.faults is not None else settings.platform.faults)
    except ValueError as exc:
        print(f"--faults: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    db = Path(args.db) if args.db else embedded_db_path(settings)
    try:
        kiosks = load_kiosk_keys(Path(args.keys)) if args.keys else dict(settings.platform.kiosks)
    except KeysFileError as exc:
        print(f"--keys: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    if not kiosks:
        kiosks = {settings.kiosk.id: args.secret or settings.platform.secret}
    return settings, ServerConfig(
        db_path=db,
        kiosks=kiosks,
        case_step_s=args.case_step,
        max_upload_bytes=int(args.max_upload_mb * (1 << 20)),
        faults=faults,
    )


def _serve(args: argparse.Namespace) -> int:
    from kiosk.platform.server import PlatformServerError, serve_forever

    settings, config = _config(args)
    port = args.port if args.port is not None else (urlsplit(settings.platform.base_url).port or 8780)
    if bool(args.tls_cert) != bool(args.tls_key):
        print("--tls-cert and --tls-key go together", file=sys.stderr)
        return 2
    tls = (args.tls_cert, args.tls_key) if args.tls_cert else None
    scheme = "https" if tls else "http"
    print(
        f"reference platform on {scheme}://{args.host}:{port}  db={config.db_path}  faults={config.faults.describe()}"
        f"\nOpenAPI: {scheme}://{args.host}:{port}/openapi.json   (Ctrl+C stops)",
        flush=True,
    )
    try:
        serve_forever(config, args.host, port, tls)
    except PlatformServerError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass
    return 0


def _openapi(args: argparse.Namespace) -> int:
    import tempfile

    from kiosk.platform.app import create_app
    from kiosk.platform.config import ServerConfig

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(ServerConfig(db_path=Path(tmp) / "openapi.sqlite3"))
        print(json.dumps(app.api.openapi(), ensure_ascii=False, indent=2))
        app.store.close()
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``platform serve`` and ``platform openapi``."""
    platform = sub.add_parser("platform", help="the reference service platform (rehearsal, tests, demo)")
    psub = platform.add_subparsers(dest="platform_command", metavar="ACTION", required=True)
    serve = psub.add_parser("serve", help="serve the reference platform (API v1) over HTTP")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=None, help="port (default: platform.base_url's port)")
    serve.add_argument("--db", help="SQLite file (default: <data_dir>/platform/platform.sqlite3)")
    serve.add_argument(
        "--keys",
        help="file of the kiosks accepted, id = secret (TOML, a [kiosks] table, or JSON); "
        "default: platform.kiosks, else this kiosk alone",
    )
    serve.add_argument(
        "--secret", help="secret of this kiosk alone when there is no keys file (default: platform.secret)"
    )
    serve.add_argument(
        "--faults",
        default=None,
        help="fault injection, e.g. '500=0.1,503=0.05,429=0.05,drop_before=0.02,"
        "drop_after=0.05,latency=0.2,retry_after=2,seed=1'",
    )
    serve.add_argument(
        "--case-step", type=float, default=60.0, help="seconds between case timeline steps (0 = only by the admin call)"
    )
    serve.add_argument("--max-upload-mb", type=float, default=20.0, help="largest material accepted (MB)")
    serve.add_argument("--tls-cert", help="serve HTTPS with this certificate chain (PEM)")
    serve.add_argument("--tls-key", help="private key (PEM) of --tls-cert")
    add_config_option(serve)
    serve.set_defaults(func=_serve)
    openapi = psub.add_parser("openapi", help="print the OpenAPI document of the platform API")
    add_config_option(openapi)
    openapi.set_defaults(func=_openapi)
