#!/usr/bin/env bash
# Installs the system packages kitgen needs, where they are missing (Debian/Ubuntu, as root or via sudo).
#   fonts      Noto (Latin, Greek, Cyrillic, Arabic, ...), Noto CJK (Japanese, Chinese, Korean), Carlito (Calibri
#              metrics), Caladea (Cambria), Liberation (Arial, Times New Roman, Courier New), DejaVu (Verdana's
#              widths), Roboto: what slide text in an organization's template fonts is measured with
#   render     Pango for WeasyPrint, HarfBuzz's subsetter for fast font embedding
#   tests      LibreOffice Impress (deck to PDF), poppler-utils (pdftoppm), pandoc (benchmark baseline)
# Usage: scripts/setup-system.sh [run|test]
set -eu
want=(fonts-noto-core fonts-noto-cjk fonts-crosextra-carlito fonts-crosextra-caladea fonts-liberation2 fonts-dejavu-core
      fonts-roboto-unhinted libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
if [ "${1:-run}" = test ]; then
  want+=(libreoffice-impress poppler-utils pandoc)
fi
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "kitgen: please install these system packages: ${missing[*]}" >&2
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing system packages: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
