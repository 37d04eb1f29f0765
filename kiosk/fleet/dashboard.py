"""The hall manager's live page (``kiosk fleet dashboard``): every kiosk of the hall from the broker, the
ones that need a person first, and the fleet's commands. FastAPI, one small page, no CDN; login with the
password in ``KIOSK_FLEET_DASHBOARD_PASSWORD``."""

from __future__ import annotations

import hmac
import json
import secrets
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import paho.mqtt.client as mqtt
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from kiosk.fleet.hall_view import HallView

PAGE = Path(__file__).with_name("dashboard.html")
COMMANDS = ("refresh_catalog", "self_test", "retry_failed", "restart")
COOKIE = "fleet_session"


class Dashboard:
    """The broker connection (as the hall manager) and the web app over it."""

    def __init__(self, broker_url: str, password: str, *, prefix: str = "kiosk", user: str = "hall-manager") -> None:
        if len(password) < 8:
            raise ValueError("the dashboard password must have at least 8 characters")
        self.view = HallView(prefix)
        self.prefix = prefix
        self._password = password
        self._sessions: set[str] = set()
        url = urlsplit(broker_url)
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"hall-dashboard-{uuid.uuid4().hex[:8]}")
        self.client.username_pw_set(user)
        if url.scheme == "mqtts":
            self.client.tls_set()
        self.client.on_connect = lambda c, _u, _f, _r, _p: c.subscribe(f"{prefix}/#", qos=1)
        self.client.on_message = lambda _c, _u, m: self.view.on_message(m.topic, bytes(m.payload))
        self.client.reconnect_delay_set(1, 30)
        self.client.connect_async(url.hostname or "127.0.0.1", url.port or (8883 if url.scheme == "mqtts" else 1883))
        self.app = self._make_app()

    def start(self) -> None:
        """Connect to the broker in the background."""
        self.client.loop_start()

    def stop(self) -> None:
        """Disconnect."""
        self.client.disconnect()
        self.client.loop_stop()

    def _logged_in(self, request: Request) -> bool:
        return request.cookies.get(COOKIE, "") in self._sessions

    def send(self, kiosk_id: str, command: str) -> str:
        """Publish an order to one kiosk; returns its id (the reply arrives on the page)."""
        command_id = uuid.uuid4().hex[:12]
        payload = json.dumps({"command": command})
        self.client.publish(f"{self.prefix}/{kiosk_id}/cmd/{command_id}", payload, qos=1)
        return command_id

    def _make_app(self) -> FastAPI:
        app = FastAPI(title="Hall kiosks", docs_url=None, redoc_url=None, openapi_url=None)

        @app.get("/", response_class=HTMLResponse)
        def page(request: Request) -> Response:
            if not self._logged_in(request):
                return HTMLResponse(_login_page(""))
            return HTMLResponse(PAGE.read_text(encoding="utf-8"))

        @app.post("/login")
        async def login(request: Request) -> Response:
            form = parse_qs((await request.body()).decode("utf-8", "replace"))  # a plain form: no multipart
            password = form.get("password", [""])[0]
            if not hmac.compare_digest(password.encode(), self._password.encode()):
                return HTMLResponse(_login_page("密码不对 Wrong password"), status_code=401)
            token = secrets.token_urlsafe(24)
            self._sessions.add(token)
            answer = RedirectResponse("/", status_code=303)
            answer.set_cookie(COOKIE, token, httponly=True, samesite="strict")
            return answer

        @app.get("/api/kiosks")
        def kiosks(request: Request) -> Response:
            if not self._logged_in(request):
                return JSONResponse({"error": "login first"}, 401)
            return JSONResponse({"kiosks": self.view.rows()})

        @app.post("/api/kiosks/{kiosk_id}/commands")
        async def command(request: Request, kiosk_id: str) -> Response:
            if not self._logged_in(request):
                return JSONResponse({"error": "login first"}, 401)
            try:
                body: Any = await request.json()
            except ValueError:
                body = None
            name = body.get("command") if isinstance(body, dict) else None
            if name not in COMMANDS or not kiosk_id.replace("-", "").replace("_", "").isalnum():
                return JSONResponse({"error": f"command must be one of {', '.join(COMMANDS)}"}, 400)
            return JSONResponse({"id": self.send(kiosk_id, name)}, 202)

        return app


def _login_page(message: str) -> str:
    note = f'<p role="alert" class="bad">{message}</p>' if message else ""
    return f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>大厅自助终端 Hall kiosks</title>
<style>body{{font:18px sans-serif;margin:3em auto;max-width:26em}}input,button{{font-size:1.1em;padding:.4em}}
.bad{{color:#a00}}</style></head><body><h1>大厅自助终端 · Hall kiosks</h1>{note}
<form method="post" action="/login"><label>密码 Password <input id="password" name="password" type="password"
autofocus></label> <button id="login" type="submit">登录 Log in</button></form></body></html>"""
