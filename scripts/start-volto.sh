#!/usr/bin/env bash
# make start-volto: serve the production build of Volto (frontend/build) on
# 127.0.0.1:VOLTO_PORT, proxying the REST API of HOST:PORT/SITE_ID, the site
# of `make start`. When that site is not answering, `make start` runs too
# (in the background, its log in var/log/make-start.log) and Ctrl-C stops
# both.
set -euo pipefail
host=$1 port=$2 site=$3 volto_port=$4
cd "$(dirname "$0")/.."
backend="http://$host:$port/$site"

answering() { curl -fsS -o /dev/null "$backend/++api++" 2> /dev/null; }

if ! answering; then
  echo "No Plone site at $backend: starting it with 'make start' (log: var/log/make-start.log)."
  mkdir -p var/log
  # Its own process group, so that stopping it stops the server it runs.
  setsid make --no-print-directory start HOST="$host" PORT="$port" SITE_ID="$site" \
    > var/log/make-start.log 2>&1 &
  backend_pid=$!
  stop_backend() { kill -- -"$backend_pid" 2> /dev/null || true; }
  trap stop_backend EXIT
  for _ in $(seq 1 600); do
    answering && break
    if ! kill -0 "$backend_pid" 2> /dev/null; then
      echo "make start failed: see var/log/make-start.log" >&2
      exit 1
    fi
    sleep 1
  done
  answering || { echo "The site did not answer in 10 minutes: see var/log/make-start.log" >&2; exit 1; }
fi

echo
echo "  Volto:       http://127.0.0.1:$volto_port (the editor of $backend)"
echo "  Site Setup:  http://127.0.0.1:$volto_port/controlpanel/locking"
echo "  Login:       admin / admin, or the demo editors alice / alice-secret, bob / bob-secret"
echo "  Stop with Ctrl-C."
echo
cd frontend
# In the background, so that Ctrl-C (or a TERM) reaches the traps at once:
# they stop Volto, then the site this script started.
HOST=127.0.0.1 RAZZLE_BIND_ADDRESS=127.0.0.1 PORT="$volto_port" NODE_ENV=production \
  RAZZLE_API_PATH="http://127.0.0.1:$volto_port" \
  RAZZLE_INTERNAL_API_PATH="$backend" \
  node build/server.js &
volto_pid=$!
trap 'kill "$volto_pid" 2> /dev/null; exit 130' INT TERM
wait "$volto_pid"
