#!/usr/bin/env bash
# Installs the real syslog forwarders the forwarder tests start (Debian 12, run as root).
# Safe to run again: when everything is present it only prints the versions.
#
#   apt packages : rsyslog, rsyslog-relp (omrelp), rsyslog-gnutls (lmnsd_gtls), gnutls-bin
#                  (certtool), openssl, socat, procps, iproute2, softflowd (a NetFlow v5/v9/IPFIX
#                  exporter that reads pcap files, for SoftflowdIT), unzip and curl (the test
#                  Elasticsearch node, deploy/test-services/es-test-server.sh), chromium (the
#                  console's browser tests drive it with Playwright), poppler-utils (pdftotext reads
#                  the PDF reports back in the report tests)
#   syslog-ng    : syslog-ng-core conflicts with rsyslog as a Debian package (both provide
#                  "system-log-daemon"), so its .deb is fetched with `apt-get download` and
#                  unpacked with `dpkg -x` into $SOCTINH_SYSLOGNG_ROOT
#                  (default /opt/soctinh-test/syslog-ng-root); only its library
#                  dependencies are installed with apt. The tests look there.
#
# Rules: `apt-get update` runs at most once and only when something is missing; packages are
# installed with --no-install-recommends and never removed (--no-remove); no packaged service
# is started (a temporary policy-rc.d answering 101 is put in place if there is none).
# If syslog-ng cannot be fetched this script warns loudly, writes the reason next to the root
# (syslog-ng-root.unavailable) and still succeeds: the syslog-ng tests then skip with it.
#
# usage: sudo .ci/install-test-deps.sh
set -euo pipefail
export LC_ALL=C DEBIAN_FRONTEND=noninteractive

SNG_ROOT=${SOCTINH_SYSLOGNG_ROOT:-/opt/soctinh-test/syslog-ng-root}
SNG_UNAVAILABLE="$SNG_ROOT.unavailable"
APT_PKGS=(rsyslog rsyslog-relp rsyslog-gnutls gnutls-bin openssl socat procps iproute2 softflowd unzip curl chromium poppler-utils)

log()  { printf '[install-test-deps] %s\n' "$*" >&2; }
die()  { log "ERROR: $*"; exit 1; }
warn() {
  printf '\n[install-test-deps] ################################################################\n' >&2
  printf '[install-test-deps] WARNING: %s\n' "$*" >&2
  printf '[install-test-deps] ################################################################\n\n' >&2
}

[ "$(id -u)" = 0 ] || die "run as root (apt-get install)"
command -v apt-get >/dev/null || die "apt-get not found: this script expects Debian 12"

made_policy=0
restore_policy() { if ((made_policy)); then rm -f /usr/sbin/policy-rc.d; made_policy=0; fi; }
trap 'restore_policy' EXIT
trap 'restore_policy; exit 130' INT TERM
no_service_starts() {
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && made_policy=1
  fi
}

missing() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"
  done
}

updated=0
apt_update_once() {
  ((updated)) && return 0
  log "apt-get update"
  apt-get update -qq || return 1
  updated=1
}

apt_install() {   # apt_install PKG... : installs the given (missing) packages
  no_service_starts
  apt_update_once || return 1
  log "apt-get install $*"
  apt-get install -y -qq --no-install-recommends --no-remove "$@" >/dev/null
}

sng() { env "SYSLOGNG_PREFIX=$SNG_ROOT/usr" "LD_LIBRARY_PATH=$SNG_ROOT/usr/lib/syslog-ng" "$SNG_ROOT/usr/sbin/syslog-ng" "$@"; }
sng_works() { [ -x "$SNG_ROOT/usr/sbin/syslog-ng" ] && sng -V >/dev/null 2>&1; }

# ---------------------------------------------------------------- apt packages
pkgs=$(missing "${APT_PKGS[@]}")
if [ -n "$pkgs" ]; then
  # shellcheck disable=SC2086
  apt_install $pkgs ||
    die "apt-get install failed (rsyslog cannot be installed next to an installed syslog-ng package; this script never removes one)"
fi

# ---------------------------------------------------------------- syslog-ng, unpacked
install_syslog_ng() {
  local dl deb deps libs
  dl=$(mktemp -d -t soctinh-sng-dl.XXXXXX) || return 1
  chown _apt "$dl" 2>/dev/null || chmod 777 "$dl"   # apt-get download runs as the _apt user
  # a fresh machine may have no package lists yet: update (once) and retry
  if ! (cd "$dl" && apt-get download -qq syslog-ng-core 2>/dev/null); then
    apt_update_once && (cd "$dl" && apt-get download -qq syslog-ng-core) ||
      { rm -rf "$dl"; echo "apt-get download syslog-ng-core failed"; return 1; }
  fi
  deb=$(ls "$dl"/syslog-ng-core_*.deb 2>/dev/null | head -1)
  [ -n "$deb" ] || { rm -rf "$dl"; echo "no syslog-ng-core .deb after apt-get download"; return 1; }
  # its Depends, first alternative of each, without version constraints
  deps=$(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/|.*//; s/(.*)//; s/[[:space:]]//g' | grep -v '^$')
  # shellcheck disable=SC2086
  libs=$(missing $deps)
  if [ -n "$libs" ]; then
    # shellcheck disable=SC2086
    apt_install $libs || { rm -rf "$dl"; echo "apt-get install of syslog-ng-core dependencies ($libs) failed"; return 1; }
  fi
  rm -rf "$SNG_ROOT" && mkdir -p "$SNG_ROOT" || { rm -rf "$dl"; echo "cannot create $SNG_ROOT"; return 1; }
  dpkg -x "$deb" "$SNG_ROOT" || { rm -rf "$dl"; echo "dpkg -x $deb failed"; return 1; }
  log "unpacked $(basename "$deb") into $SNG_ROOT"
  rm -rf "$dl"
  sng_works || { echo "the unpacked syslog-ng does not run: $(sng -V 2>&1 | head -3)"; return 1; }
}

if ! sng_works; then
  if reason=$(install_syslog_ng); then
    rm -f "$SNG_UNAVAILABLE"
  else
    reason=$(printf '%s' "$reason" | tail -3 | tr '\n' ' ')
    mkdir -p "$(dirname "$SNG_UNAVAILABLE")"
    printf 'syslog-ng could not be installed by .ci/install-test-deps.sh: %s\n' "$reason" >"$SNG_UNAVAILABLE"
    warn "syslog-ng NOT installed ($reason). The syslog-ng forwarder tests will be SKIPPED."
  fi
else
  rm -f "$SNG_UNAVAILABLE"
fi

# ---------------------------------------------------------------- report
first() { head -1 | tr -s ' \t' ' '; }
mod_dir=$(dirname "$(dpkg -L rsyslog 2>/dev/null | grep -m1 '/imfile\.so$')")
has_mod() { [ -e "$mod_dir/$1" ] && echo "$mod_dir/$1" || echo "MISSING"; }
echo "rsyslogd:  $(rsyslogd -v 2>/dev/null | first | sed 's/ compiled with:.*//')"
echo "omrelp:    $(has_mod omrelp.so) (librelp $(dpkg-query -W -f='${Version}' librelp0 2>/dev/null))"
echo "gtls:      $(has_mod lmnsd_gtls.so)"
echo "certtool:  $(certtool --version 2>/dev/null | first)"
echo "openssl:   $(openssl version 2>/dev/null | first)"
echo "socat:     $(socat -V 2>/dev/null | grep -m1 'socat version' | tr -s ' ')"
echo "ps:        $(ps --version 2>/dev/null | first)"
echo "ss:        $(ss -V 2>/dev/null | first)"
echo "softflowd: $(softflowd -h 2>&1 | grep -m1 -o 'softflowd version [0-9.]*' || echo MISSING)"
echo "chromium:  $(chromium --version 2>/dev/null | first || echo MISSING)"
echo "pdftotext: $(pdftotext -v 2>&1 | first || echo MISSING)"
if sng_works; then
  echo "syslog-ng: $(sng -V 2>/dev/null | first) in $SNG_ROOT"
else
  echo "syslog-ng: UNAVAILABLE ($(cat "$SNG_UNAVAILABLE" 2>/dev/null || echo "not in $SNG_ROOT"))"
fi
