#!/usr/bin/env bash
# Proves that the test command's exit status tells the truth: a deliberately failing test must
# exit non-zero and the same test passing must exit 0, with the embedded PostgreSQL (no
# DATABASE_URL: its exit hooks once turned a failure into exit 0) and, when one is given, with
# DATABASE_URL's server.
set -uo pipefail
cd "$(dirname "$0")/.."

run() { # $1: label, $2: should fail (1/0), rest: env assignments
  local label="$1" fail="$2"
  shift 2
  env "$@" CHORUS_FIXTURE_SHOULD_FAIL="$fail" npx vitest run --config tests/exit-status/vitest.config.mts \
    >"${TMPDIR:-/tmp}/chorus-exit-check.log" 2>&1
  local status=$?
  if [ "$fail" = 1 ] && [ "$status" -eq 0 ]; then
    echo "exit-status check FAILED ($label): a failing test exited 0" >&2
    tail -30 "${TMPDIR:-/tmp}/chorus-exit-check.log" >&2
    exit 1
  fi
  if [ "$fail" = 0 ] && [ "$status" -ne 0 ]; then
    echo "exit-status check FAILED ($label): a passing test exited $status" >&2
    tail -30 "${TMPDIR:-/tmp}/chorus-exit-check.log" >&2
    exit 1
  fi
  echo "exit-status check ($label, should fail: $fail): exit $status, as it should"
}

run embedded 1 -u DATABASE_URL
run embedded 0 -u DATABASE_URL
if [ -n "${DATABASE_URL:-}" ]; then
  run DATABASE_URL 1 DATABASE_URL="$DATABASE_URL"
  run DATABASE_URL 0 DATABASE_URL="$DATABASE_URL"
fi
