#!/usr/bin/env bash
# The README's two commands on a truly fresh Debian 12, so that a missing install step shows up here and
# not on a hall's machine. Builds a minimal root (debootstrap --variant=minbase bookworm, plus only git and
# ca-certificates, as a new user would have), gives it this machine's apt sources, pip configuration and CA
# bundle (to reach the same registries), clones this checkout's committed HEAD into it, then:
#   1. `bash scripts/setup.sh install` with the network (apt and pip fetch everything),
#   2. `bash scripts/setup.sh test`  -- the README's test command: the whole suite,
#   3. `bash scripts/setup.sh run` for FRESH_RUN_SECONDS (40): the kiosk must draw its home screen
#      (a screenshot is taken and checked) and log no traceback.
# Steps 2 and 3 run in a network namespace of their own (loopback only): their ports, X displays and the
# virtual card reader never meet the host's, and what they need was installed by step 1 (setup.sh is
# idempotent, so step 2's install phase must find everything present: that is checked too).
# Mounts and processes in the root are removed on every exit. Needs root.
#   bash scripts/fresh-check.sh            # artifacts in artifacts/fresh-check/
#   FRESH_KEEP=1 bash scripts/fresh-check.sh   # keep the root (path printed) for a look afterwards
set -euo pipefail

cd "$(dirname "$0")/.."
SRC=$(pwd)
RUN_SECONDS=${FRESH_RUN_SECONDS:-40}
OUT="$SRC/artifacts/fresh-check"

say() { printf 'fresh-check: %s\n' "$*" >&2; }
die() { printf '\nfresh-check: FAILED: %s\n' "$*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || die "needs root (debootstrap, chroot, mounts)"

WORK=$(mktemp -d /var/tmp/kiosk-fresh.XXXXXX)
ROOTFS="$WORK/root"
mkdir -p "$ROOTFS" "$OUT"
rm -f "$OUT"/*

cleanup() {
  local rc=$? pid
  for proc in /proc/[0-9]*; do   # every process still running inside the root
    if [ "$(readlink "$proc/root" 2>/dev/null)" = "$ROOTFS" ]; then
      pid=${proc#/proc/}
      kill -9 "$pid" 2>/dev/null || true
    fi
  done
  sleep 0.5
  awk -v root="$ROOTFS" '$2 == root || index($2, root "/") == 1 {print $2}' /proc/mounts | sort -r \
    | while read -r mnt; do umount -l "$mnt" 2>/dev/null || true; done
  if awk -v root="$ROOTFS" 'index($2, root) == 1 {found=1} END {exit !found}' /proc/mounts; then
    say "mounts under $ROOTFS remain; not deleting it"
  elif [ -n "${FRESH_KEEP:-}" ]; then
    say "kept: $ROOTFS"
  else
    rm -rf --one-file-system "$WORK"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

elapsed() { echo $(($(date +%s) - $1)); }

# --- 1. a minimal Debian 12 ---------------------------------------------------------------------------
if ! command -v debootstrap >/dev/null; then
  say "installing debootstrap"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap \
    >/dev/null || die "cannot install debootstrap"
fi
MIRROR=${FRESH_MIRROR:-$(cat /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null \
  | grep -oE '^(URIs:|deb) +[^ ]+' | grep -v security | awk '{print $2}' | head -1 || true)}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
t0=$(date +%s)
say "debootstrap minbase bookworm from $MIRROR"
debootstrap --variant=minbase --include=git,ca-certificates bookworm "$ROOTFS" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 \
  || { tail -20 "$WORK/debootstrap.log" >&2; die "debootstrap failed"; }
T_ROOT=$(elapsed "$t0")

# This machine's way to the registries: apt sources and settings, pip configuration, CA bundle, DNS.
rm -f "$ROOTFS/etc/apt/sources.list"
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list; do
  [ -f "$f" ] && cp "$f" "$ROOTFS$f"
done
for d in apt.conf.d auth.conf.d trusted.gpg.d keyrings; do
  [ -d "/etc/apt/$d" ] && cp -a "/etc/apt/$d/." "$ROOTFS/etc/apt/$d/"
done
cp -an /usr/share/keyrings/. "$ROOTFS/usr/share/keyrings/"
[ -f /etc/pip.conf ] && cp /etc/pip.conf "$ROOTFS/etc/pip.conf"
[ -d /etc/xdg/pip ] && mkdir -p "$ROOTFS/etc/xdg" && cp -a /etc/xdg/pip "$ROOTFS/etc/xdg/"
cp /etc/ssl/certs/ca-certificates.crt "$ROOTFS/etc/ssl/certs/ca-certificates.crt"
cp /etc/ssl/certs/ca-certificates.crt "$ROOTFS/usr/local/share/host-ca-bundle.pem"
cp /etc/resolv.conf /etc/hosts "$ROOTFS/etc/" 2>/dev/null || true

mount -t proc proc "$ROOTFS/proc"
mount -t sysfs sysfs "$ROOTFS/sys"
mount --rbind /dev "$ROOTFS/dev" && mount --make-rslave "$ROOTFS/dev"
mount -t tmpfs tmpfs "$ROOTFS/run"
mount -t tmpfs tmpfs "$ROOTFS/tmp"

git clone -q "$SRC" "$ROOTFS/src/kiosk"
[ -d "$SRC/../shared" ] && cp -r "$SRC/../shared" "$ROOTFS/src/shared"
say "root ready in ${T_ROOT}s; checkout $(git -C "$SRC" rev-parse --short HEAD) cloned (committed files only)"

# The environment a fresh login has, plus this machine's pip/CA settings (never its PATH or venv).
CHROOT_ENV=(env -i HOME=/root LANG=C.UTF-8 TERM=dumb PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
  SSL_CERT_FILE=/usr/local/share/host-ca-bundle.pem PIP_CERT=/usr/local/share/host-ca-bundle.pem
  REQUESTS_CA_BUNDLE=/usr/local/share/host-ca-bundle.pem)
while IFS='=' read -r name value; do
  case "$name" in
    PIP_FIND_LINKS) ;;   # a folder of this machine: not in the root
    PIP_* | http_proxy | https_proxy | no_proxy | HTTP_PROXY | HTTPS_PROXY | NO_PROXY) CHROOT_ENV+=("$name=$value") ;;
  esac
done < <(env)
in_root() { chroot "$ROOTFS" "${CHROOT_ENV[@]}" bash -c "cd /src/kiosk && $1"; }
isolated() { unshare --net -- sh -c 'ip link set lo up && exec "$@"' sh chroot "$ROOTFS" "${CHROOT_ENV[@]}" \
  bash -c "cd /src/kiosk && $1"; }

# --- 2. install, then the README's test command ---------------------------------------------------------
t0=$(date +%s)
say "bash scripts/setup.sh install (apt + venv, with the network)"
in_root "bash scripts/setup.sh install" >"$OUT/install.log" 2>&1 \
  || { tail -40 "$OUT/install.log" >&2; die "setup.sh install failed on a fresh Debian 12 (log: $OUT/install.log)"; }
T_INSTALL=$(elapsed "$t0")
say "installed in ${T_INSTALL}s"

t0=$(date +%s)
say "bash scripts/setup.sh test (the README's test command, loopback only)"
rc=0
isolated "bash scripts/setup.sh test" >"$OUT/test.log" 2>&1 || rc=$?
T_TEST=$(elapsed "$t0")
tail -15 "$OUT/test.log" >&2
if grep -q "^setup: installing\|creating the virtual environment" "$OUT/test.log"; then
  die "the test command installed something that install did not: $(grep '^setup: ' "$OUT/test.log" | head -3)"
fi
[ "$rc" -eq 0 ] || die "the test suite failed on a fresh Debian 12 (exit $rc; log: $OUT/test.log)"
say "test suite passed in ${T_TEST}s"

# --- 3. the README's run command: home drawn, no traceback ---------------------------------------------
say "bash scripts/setup.sh run for ${RUN_SECONDS}s"
cat >"$ROOTFS/src/grab.py" <<'EOF'
"""Screenshot of the kiosk's virtual screen (xvfb-run's display :99 and its cookie), with a verdict."""
import glob
import os
import sys

from PIL import ImageGrab, ImageStat

os.environ["XAUTHORITY"] = (glob.glob("/tmp/xvfb-run.*/Xauthority") or [""])[0]
image = ImageGrab.grab(xdisplay=":99").convert("RGB")
image.save(sys.argv[1])
colours = len(image.resize((270, 480)).getcolors(1 << 20) or [])
spread = max(ImageStat.Stat(image).stddev)
print(f"screenshot {image.size[0]}x{image.size[1]}, {colours} colours, spread {spread:.1f}")
sys.exit(0 if colours >= 20 and spread >= 10 else 1)
EOF
isolated "bash scripts/setup.sh run >/src/run.log 2>&1 & sleep $((RUN_SECONDS - 5));
  /src/kiosk/.venv/bin/python /src/grab.py /src/home.png; shot=\$?; sleep 5; kill %1; wait; exit \$shot" \
  >"$OUT/screenshot.txt" 2>&1 || shot_rc=$?
cp "$ROOTFS/src/run.log" "$OUT/run.log" 2>/dev/null || true
cp "$ROOTFS/src/home.png" "$OUT/home.png" 2>/dev/null || true
cat "$OUT/screenshot.txt" >&2
[ "${shot_rc:-0}" -eq 0 ] || die "no home screen on the virtual display (see $OUT/home.png, $OUT/run.log)"
grep -q '"home_drawn"' "$OUT/run.log" || die "the kiosk never logged that home was drawn (log: $OUT/run.log)"
if grep -q "Traceback" "$OUT/run.log"; then
  grep -B2 -A12 "Traceback" "$OUT/run.log" | head -40 >&2
  die "the kiosk logged a traceback while running (log: $OUT/run.log)"
fi
grep -q '"level": "\(ERROR\|CRITICAL\)"' "$OUT/run.log" \
  && say "errors logged while running: $(grep -c '"level": "\(ERROR\|CRITICAL\)"' "$OUT/run.log") (see $OUT/run.log)"
say "run: home drawn, screenshot $OUT/home.png, no traceback"
printf 'fresh-check: passed. Fresh root %ss, install %ss, test suite %ss, run %ss\n' \
  "$T_ROOT" "$T_INSTALL" "$T_TEST" "$RUN_SECONDS"
