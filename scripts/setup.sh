#!/usr/bin/env bash
# Installs what AgentChat needs from Debian's packages, only where it is missing:
# redis-server and PostgreSQL (always), Node.js and npm (the bench's peer server, AgentChat.Bench/Peer),
# Chromium (with --with-browser, for the UI tests).
# Safe to run again; it does nothing when all is there.
set -euo pipefail

packages=()
command -v redis-server >/dev/null 2>&1 || packages+=(redis-server)
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || packages+=(postgresql)
command -v setpriv >/dev/null 2>&1 || packages+=(util-linux)
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)
if [ "${1:-}" = "--with-browser" ]; then
  command -v chromium >/dev/null 2>&1 || packages+=(chromium fonts-dejavu-core)
fi

if [ ${#packages[@]} -gt 0 ]; then
  sudo=()
  [ "$(id -u)" = 0 ] || sudo=(sudo)
  echo "Installing ${packages[*]} from Debian's packages..."
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi

# The Debian package starts its own cluster and Redis service; AgentChat runs private ones on
# free ports instead, so those services are left as they are.
echo "Dependencies ready: $(redis-server --version | cut -d' ' -f3), PostgreSQL $(ls /usr/lib/postgresql | sort -V | tail -n 1), Node $(node --version)"
