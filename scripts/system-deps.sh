#!/usr/bin/env bash
# Debian packages that `make test` (and `make bench`, `make start-cluster
# DB=postgres`) need beside the Python ones: a real browser for the browser
# tests, wrk for the benchmarks, PostgreSQL for the RelStorage cluster.
# Installs what is missing with apt-get (as root, or through sudo), and says
# plainly what to install where it cannot.
set -euo pipefail

# command it provides -> Debian package
declare -A PACKAGES=(
  [chromium]=chromium
  [chromedriver]=chromium-driver
  [wrk]=wrk
  [initdb]=postgresql
)

command_exists() {
  case "$1" in
    initdb) compgen -G "/usr/lib/postgresql/*/bin/initdb" > /dev/null ;;
    *) command -v "$1" > /dev/null 2>&1 ;;
  esac
}

missing=()
for command in "${!PACKAGES[@]}"; do
  command_exists "$command" || missing+=("${PACKAGES[$command]}")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  apt=(apt-get)
elif command -v sudo > /dev/null 2>&1 && sudo -n true 2> /dev/null; then
  apt=(sudo apt-get)
else
  echo "Missing Debian packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${apt[@]}" update -q > /dev/null
"${apt[@]}" install -y -q --no-install-recommends "${missing[@]}" > /dev/null
