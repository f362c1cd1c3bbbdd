#!/bin/sh
# Install Debian's LibreOffice Impress (headless) and poppler-utils for the deck tests if missing:
# they open the exported deck as a reader would (soffice → PDF) and read PDFs (pdftotext, pdfinfo).
set -e
if command -v soffice >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else
  echo "ensure-office: not root and no sudo; LibreOffice deck tests will be skipped" >&2; exit 0
fi
export DEBIAN_FRONTEND=noninteractive
if ! { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends \
    libreoffice-impress-nogui poppler-utils >/dev/null; }; then
  echo "ensure-office: could not install LibreOffice; LibreOffice deck tests will be skipped" >&2
fi
exit 0
