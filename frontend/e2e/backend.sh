#!/usr/bin/env bash
# The Plone backend of the end-to-end tests, started by Playwright
# (playwright.config.js): a throwaway instance with a fresh FileStorage in
# frontend/.e2e/backend, built the way `make start` builds its demo:
#
#   Plone  the demo site with collective.locking (SKIP_ADDON=0)
#   Stock  the same site without the add-on's profile (SKIP_ADDON=1):
#          plone.restapi's own @lock, for the "Volto as stock" tests
#
# Needs the project's .venv (make install).
set -euo pipefail
project=$(cd "$(dirname "$0")/../.." && pwd)
dir=${E2E_BACKEND_DIR:-$project/frontend/.e2e/backend}
port=${E2E_BACKEND_PORT:-55080}
bin=$project/.venv/bin

rm -rf "$dir"
mkdir -p "$dir"
"$bin/python" "$project/scripts/instance.py" --host 127.0.0.1 --port "$port" --instance "$dir"
SITE_ID=Plone SKIP_ADDON=0 "$bin/zconsole" run "$dir/etc/zope.conf" "$project/scripts/create_site.py"
SITE_ID=Stock SKIP_ADDON=1 "$bin/zconsole" run "$dir/etc/zope.conf" "$project/scripts/create_site.py"
exec "$bin/runwsgi" "$dir/etc/zope.ini"
