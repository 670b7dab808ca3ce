#!/usr/bin/env bash
# Browser test of the book: builds and serves a copy of the book with
# `course serve`, then drives Debian's Chromium over it (book.test.mjs).
# It fails, never skips, when Chromium, Node.js or npm is missing.
#
#   apt-get install -y --no-install-recommends chromium fonts-dejavu-core
#   bash tests/browser/run.sh
#
# Screenshots go to $CARGO_TARGET_DIR/browser-test/ (target/ by default).
# CHROMIUM overrides /usr/bin/chromium; BOOK_SOURCE serves another book folder.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
book_source="${BOOK_SOURCE:-$root}"
chromium="${CHROMIUM:-/usr/bin/chromium}"

fail() {
    echo "error: $1" >&2
    echo "browser: 0 passed, 1 failed"
    exit 1
}

[ -x "$chromium" ] || fail "Chromium is not at $chromium: apt-get install -y --no-install-recommends chromium fonts-dejavu-core"
command -v node >/dev/null || fail "Node.js is missing"
command -v npm >/dev/null || fail "npm is missing"

target="${CARGO_TARGET_DIR:-$root/target}"
cargo build --quiet -p checker --manifest-path "$root/Cargo.toml"
course="$target/debug/course"
[ -x "$course" ] || fail "cargo built no $course"

(cd "$here" && npm ci --silent --no-audit --no-fund) || fail "npm ci failed in tests/browser"

# A copy of the book, so the live-reload check can edit a page.
work="$(mktemp -d)"
copy="$work/book"
mkdir -p "$copy"
cp -R "$book_source/book.toml" "$book_source/src" "$book_source/theme" "$copy/"
out="$target/browser-test"
rm -rf "$out"
mkdir -p "$out"

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$course" serve --root "$copy" --port "$port" >"$out/serve.log" 2>&1 &
server=$!
cleanup() {
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

for _ in $(seq 1 120); do
    grep -q "^Serving the book" "$out/serve.log" && break
    kill -0 "$server" 2>/dev/null || { cat "$out/serve.log" >&2; fail "course serve stopped"; }
    sleep 0.5
done
grep -q "^Serving the book" "$out/serve.log" || { cat "$out/serve.log" >&2; fail "course serve did not start"; }
grep -q "^Built " "$out/serve.log" || { cat "$out/serve.log" >&2; fail "the book did not build"; }

status=0
BOOK_URL="http://127.0.0.1:$port/" \
BOOK_ROOT="$copy" \
BOOK_DIR="$copy/.course/serve/$port/a" \
SHOT_DIR="$out" \
CHROMIUM="$chromium" \
    node "$here/book.test.mjs" || status=$?
if [ "$status" -ne 0 ]; then
    echo "--- course serve said:" >&2
    cat "$out/serve.log" >&2
fi
exit "$status"
