#!/usr/bin/env bash
# Builds the parsers of untrusted input (JSON, compact JWS, X.509/CRL DER, CBOR, WebAuthn attestation) with
# libFuzzer (swiftc -sanitize=fuzzer,address) outside SwiftPM and runs them.
# Usage: scripts/fuzz-webauthn.sh [seconds]   (default 180; corpus and crashes under .build/fuzz-webauthn)
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN="${1:-180}"
OUT=.build/fuzz-webauthn
mkdir -p "$OUT/corpus" "$OUT/crashes"
SAN=(-sanitize=fuzzer,address -parse-as-library -O -g)
CMODS=(-I Sources/COpenSSL -I Sources/CArgon2 -I Sources/CXCrypt)

build_module() { # name, sources...
    local name=$1; shift
    swiftc "${SAN[@]}" "${CMODS[@]}" -I "$OUT" -module-name "$name" -emit-module -emit-module-path "$OUT/$name.swiftmodule" \
        -emit-library -static -o "$OUT/lib$name.a" "$@"
}
build_module Cryptography Sources/Cryptography/*.swift
build_module JOSE Sources/JOSE/*.swift
build_module WebAuthn $(find Sources/WebAuthn -name '*.swift')
swiftc "${SAN[@]}" "${CMODS[@]}" -I "$OUT" -module-name WebAuthnFuzz Fuzz/WebAuthn/FuzzEntry.swift \
    -L "$OUT" -lWebAuthn -lJOSE -lCryptography -lcrypto -largon2 -lcrypt -o "$OUT/webauthn-fuzz"

# Seed corpus: the attestation objects and authenticator data of the vectors, and the vector files themselves (JSON).
python3 - "$OUT/corpus" <<'PY'
import base64, glob, json, os, sys, hashlib
out = sys.argv[1]
def b(s):
    s = s.replace('+', '-').replace('/', '_').rstrip('=')
    return base64.urlsafe_b64decode(s + '=' * (-len(s) % 4))
for path in glob.glob('Tests/WebAuthnTests/Vectors/**/*.json', recursive=True):
    d = json.load(open(path))
    r = (d.get('response') or {}).get('response') or {} if isinstance(d, dict) else {}
    raw = open(path, 'rb').read()
    open(os.path.join(out, hashlib.sha1(raw).hexdigest()), 'wb').write(raw)
    for key in ('attestationObject', 'authenticatorData'):
        if key in r:
            data = b(r[key])
            open(os.path.join(out, hashlib.sha1(data).hexdigest()), 'wb').write(data)
PY
"$OUT/webauthn-fuzz" -max_total_time="$SECONDS_TO_RUN" -max_len=8192 -print_final_stats=1 \
    -artifact_prefix="$OUT/crashes/" "$OUT/corpus"
