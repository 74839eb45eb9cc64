#!/usr/bin/env bash
# Runs every test (inside scripts/with-postgres.sh, which provides GATEHOUSE_TEST_POSTGRES_*).
# The PostgreSQL restart test runs first and alone: it restarts the shared test server,
# which would break other suites' connections if they ran beside it.
set -euo pipefail
SWIFT="${SWIFT:-swift}"
# A crashing test must fail the run at once: Swift's interactive backtracer can wait forever without a terminal.
export SWIFT_BACKTRACE="${SWIFT_BACKTRACE:-enable=no}"
restart_test="postgresSurvivesRestart"
"$SWIFT" build --build-tests
if [ -n "${GATEHOUSE_TEST_POSTGRES_CTL:-}" ]; then
    "$SWIFT" test --skip-build --filter "$restart_test"
fi
"$SWIFT" test --skip-build --skip "$restart_test"
