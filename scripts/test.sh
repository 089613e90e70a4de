#!/usr/bin/env bash
# The project's test command (npm test): builds the UIs, then runs unit, integration,
# end-to-end and hardware tests. End-to-end tests need Debian's chromium; the DOCX export test
# LibreOffice (libreoffice-writer-nogui); hardware tests need pcscd, libpcsclite-dev and
# vsmartcard-vpcd (and root, for private namespaces). As root they are installed here,
# otherwise this stops at once and says what to install.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/sbin/pcscd ] || missing+=(pcscd)
[ -f /usr/include/PCSC/winscard.h ] || missing+=(libpcsclite-dev)
[ -f /usr/lib/pcsc/drivers/serial/libifdvpcd.so.0.8 ] || missing+=(vsmartcard-vpcd)
command -v libreoffice >/dev/null || missing+=(libreoffice-writer-nogui)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing system packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "Missing system packages: ${missing[*]}" >&2
    echo "Install them with: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi
if [ ! -d node_modules ]; then
  echo "Dependencies are not installed: run npm ci first." >&2
  exit 1
fi
# nfc-pcsc is optional: npm ci skips its native part when libpcsclite-dev was missing then
if [ ! -f node_modules/@pokusew/pcsclite/build/Release/pcsclite.node ]; then
  echo "Building the PC/SC module (nfc-pcsc)"
  npm rebuild @pokusew/pcsclite >/dev/null || { echo "Could not build nfc-pcsc: apt-get install -y libpcsclite-dev, then npm ci" >&2; exit 1; }
fi

npm run build
mkdir -p test-results
status=0
npx vitest run --reporter=default --reporter=json --outputFile=test-results/vitest.json "$@" || status=$?
node -e '
  const r = JSON.parse(require("fs").readFileSync("test-results/vitest.json", "utf8"));
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : ""));
' || true
exit $status
