#!/usr/bin/env bash
# Set up a fresh Debian 12 machine for the kiosk and then run it or its test suite.
#   bash scripts/setup.sh run    # install what is missing, then start the kiosk (embedded default)
#   bash scripts/setup.sh test   # install what is missing, then run the whole test suite
# Idempotent: system packages are installed only when missing, the virtual environment (.venv) is
# rebuilt only when pyproject.toml changed. Needs root or sudo for apt.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
VENV="$ROOT/.venv"
ACTION=${1:-}

die() { printf '\nsetup: %s\n' "$*" >&2; exit 1; }
say() { printf 'setup: %s\n' "$*" >&2; }

case "$ACTION" in
  run|test|install) ;;
  *) die "usage: bash scripts/setup.sh run|test|install" ;;
esac

# --- system packages ------------------------------------------------------------------------------
APT_PACKAGES=(
  python3 python3-venv python3-dev build-essential   # the venv, and compiling wheels if one is missing
  swig libpcsclite-dev pcscd pcsc-tools vsmartcard-vpcd   # PC/SC: pyscard, the daemon, virtual reader
  xvfb xauth libgl1 libegl1 libgl1-mesa-dri libmtdev1 libglib2.0-0   # Kivy on a virtual display
  x11-xserver-utils x11-xkb-utils   # xset / setxkbmap: screen blanking and server keys off (lock-down)
  systemd   # systemd-analyze verifies the shipped unit
  fonts-wqy-microhei fonts-noto-cjk   # Chinese text on screen and in receipt previews
  fontconfig   # fc-list finds those fonts (only a recommendation of the font packages, so named here)
  espeak-ng   # spoken prompts
  libzinnia0 tegaki-zinnia-simplified-chinese   # 手写 handwriting pad: zinnia engine + its model (kiosk/handwriting)
  cups-client   # lp / lpstat: the CUPS receipt-printer backend and `kiosk devices scan`
  ca-certificates   # pip over HTTPS, TLS to the platform
  mosquitto   # the fleet broker the tests start (a hall runs it too: deploy/mosquitto/)
  chromium chromium-driver   # web pages (the hall dashboard) tested in a real browser through Selenium
)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "need root or sudo to install: ${missing[*]}"
    SUDO="sudo"
  fi
  say "installing system packages: ${missing[*]}"
  $SUDO apt-get update -qq || die "apt-get update failed (network or apt sources?)"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" \
    >/tmp/kiosk-apt.log 2>&1 || { tail -20 /tmp/kiosk-apt.log >&2; die "apt-get install failed: ${missing[*]}"; }
fi

# --- Python virtual environment -------------------------------------------------------------------
PYTHON=${PYTHON:-python3}
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
  || die "Python 3.11 or newer is needed ($("$PYTHON" --version 2>&1) found)"
STAMP="$VENV/.kiosk-installed"
WANT=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$STAMP" 2>/dev/null)" != "$WANT" ]; then
  say "creating the virtual environment in .venv"
  [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV" || die "python3 -m venv failed"
  PIP_LOG=$(mktemp /tmp/kiosk-pip.XXXXXX.log)
  "$VENV/bin/python" -m pip install -q --upgrade pip >"$PIP_LOG" 2>&1 || { tail -20 "$PIP_LOG" >&2; die "pip upgrade failed"; }
  "$VENV/bin/python" -m pip install -q -e ".[test]" >>"$PIP_LOG" 2>&1 \
    || { grep -v "^WARNING: Location" "$PIP_LOG" | tail -30 >&2; die "pip install of the project failed (log: $PIP_LOG)"; }
  rm -f "$PIP_LOG"
  echo "$WANT" > "$STAMP"
fi
"$VENV/bin/kiosk" config check >/dev/null || die "the embedded default configuration does not validate"

# --- the machine really works: each check names the package that provides what failed ---------------
check_machine() {
  local tmp
  tmp=$(mktemp -d)
  fc-list :lang=zh-cn file 2>/dev/null | grep -q . \
    || die "no Chinese font found by fontconfig (fc-list :lang=zh-cn): packages fonts-wqy-microhei, fontconfig"
  xvfb-run -a -s "-screen 0 64x64x24" true >"$tmp/xvfb.log" 2>&1 \
    || { cat "$tmp/xvfb.log" >&2; die "Xvfb does not start: packages xvfb, xauth"; }
  espeak-ng -v cmn -w "$tmp/hello.wav" "你好" 2>"$tmp/espeak.log" && [ "$(stat -c %s "$tmp/hello.wav")" -gt 1000 ] \
    || { cat "$tmp/espeak.log" >&2; die "espeak-ng does not speak Mandarin: package espeak-ng"; }
  [ -e /usr/lib/pcsc/drivers/serial/libifdvpcd.so ] || die "the virtual PC/SC reader driver is missing: package vsmartcard-vpcd"
  if [ ! -S /run/pcscd/pcscd.comm ]; then   # not running yet: it must start and stay up (tests start their own)
    local rc=0
    timeout 2 pcscd --foreground >"$tmp/pcscd.log" 2>&1 || rc=$?
    [ "$rc" -eq 124 ] || { cat "$tmp/pcscd.log" >&2; die "pcscd does not start (exit $rc): package pcscd"; }
  fi
  rm -rf "$tmp"
}
check_machine

# --- action -----------------------------------------------------------------------------------------
case "$ACTION" in
  install)
    say "ready: .venv/bin/kiosk" ;;
  run)
    shift || true
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
      say "no display: starting the kiosk on a virtual screen (xvfb-run)"
      exec xvfb-run -a -s "-screen 0 1080x1920x24" "$VENV/bin/kiosk" run "$@"
    fi
    exec "$VENV/bin/kiosk" run "$@" ;;
  test)
    shift || true
    export KIOSK_NO_SKIP=1   # CI has every package: a skipped real-stack test is a failure here
    if [ $# -eq 0 ]; then   # the whole suite: lint, format and types first (README "Tests")
      "$VENV/bin/ruff" check . && "$VENV/bin/ruff" format --check . && "$VENV/bin/mypy" \
        || die "ruff or mypy found problems (see above)"
    fi
    # pytest exits 5 when it collected no test: that is a failure too, never a silent pass.
    exec "$VENV/bin/python" -m pytest -p no:cacheprovider -q "$@" ;;
esac
