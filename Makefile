# Gatehouse — the two commands are `make run` and `make test`; see README.md.
SHELL := /bin/bash
SWIFT ?= swift
export PATH := $(PATH):/opt/swift/usr/bin

# Debian packages: building needs the C libraries' -dev packages; tests add PostgreSQL 15;
# benchmarks add wrk and a C compiler for the baseline server.
BUILD_PACKAGES := libssl-dev libargon2-dev libsqlite3-dev libpq-dev libcrypt-dev libmicrohttpd-dev libqrencode-dev pkgconf
TEST_PACKAGES := postgresql-15 python3-venv chromium chromium-driver
BENCH_PACKAGES := wrk gcc

.PHONY: run test bench build release deps test-deps bench-deps openapi clean

## run: install what is missing, build in release mode, serve on the embedded SQLite default
run: deps
	$(SWIFT) build -c release --product gatehouse
	.build/release/gatehouse serve

## test: install what is missing, start a throwaway PostgreSQL 15, run every test
test: deps test-deps
	scripts/python-venv.sh
	SWIFT=$(SWIFT) scripts/with-postgres.sh scripts/run-tests.sh

## bench: release-mode benchmarks; numbers go to Docs/benchmarks.md by hand
bench: deps bench-deps
	scripts/python-venv.sh
	$(SWIFT) build -c release --product gatehouse-bench
	$(SWIFT) build -c release --product jose-bench
	$(SWIFT) build -c release --product factor-bench
	$(SWIFT) build -c release --product webauthn-bench
	$(SWIFT) build -c release --product mds-bench
	.build/release/gatehouse-bench
	.build/release/jose-bench
	.build/release/factor-bench
	.build/release/webauthn-bench
	.build/release/mds-bench

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product gatehouse

## fuzz: libFuzzer run over the parsers of untrusted input: JSON, compact JWS, X.509/CRL, CBOR, WebAuthn attestation (FUZZ_SECONDS, default 180)
.PHONY: fuzz
FUZZ_SECONDS ?= 180
fuzz: deps
	scripts/fuzz-webauthn.sh $(FUZZ_SECONDS)

## openapi: regenerate Docs/openapi.json from the registered routes
openapi: build
	.build/debug/gatehouse openapi > Docs/openapi.json

deps:
	@scripts/ensure-packages.sh $(BUILD_PACKAGES)

test-deps:
	@scripts/ensure-packages.sh $(TEST_PACKAGES)

bench-deps:
	@scripts/ensure-packages.sh $(BENCH_PACKAGES)

clean:
	rm -rf .build
