#!/bin/sh
# Builds a throw-away MDS signing PKI in the current directory (used by GeneratedBLOBTests):
# root (self-signed) -> intermediate -> leaf (BLOB signer), P-256 keys, a CRL from each CA
# (the intermediate's CRL revokes "revoked-leaf"), certificates valid from now for 20 years, CRLs for 10.
set -eu
cat > ca.cnf <<'CNF'
[ ca ]
default_ca = this
[ this ]
database = index.txt
default_md = sha256
default_crl_days = 3650
crl_extensions = crl_ext
[ crl_ext ]
authorityKeyIdentifier = keyid:always
[ v3_ca ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[ v3_leaf ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
CNF
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key" 2>/dev/null; }
for name in root intermediate leaf revoked-leaf; do key "$name"; done
openssl req -new -x509 -key root.key -subj "/CN=Test MDS Root" -days 7300 \
  -config ca.cnf -extensions v3_ca -out root.pem 2>/dev/null
sign() { # name subject issuer extensions
  openssl req -new -key "$1.key" -subj "$2" -out "$1.csr" 2>/dev/null
  openssl x509 -req -in "$1.csr" -CA "$3.pem" -CAkey "$3.key" -set_serial "0x$(openssl rand -hex 8)" \
    -days 7300 -extfile ca.cnf -extensions "$4" -out "$1.pem" 2>/dev/null
}
sign intermediate "/CN=Test MDS Intermediate" root v3_ca
sign leaf "/CN=Test MDS BLOB Signer" intermediate v3_leaf
sign revoked-leaf "/CN=Test MDS Revoked Signer" intermediate v3_leaf
crl() { # ca [cert-to-revoke]
  : > index.txt
  if [ $# -gt 1 ]; then openssl ca -config ca.cnf -cert "$1.pem" -keyfile "$1.key" -revoke "$2.pem" 2>/dev/null; fi
  openssl ca -gencrl -config ca.cnf -cert "$1.pem" -keyfile "$1.key" -out "$1.crl.pem" 2>/dev/null
  openssl crl -in "$1.crl.pem" -outform DER -out "$1.crl"
}
crl root
crl intermediate revoked-leaf
for name in root intermediate leaf revoked-leaf; do openssl pkcs8 -topk8 -nocrypt -in "$name.key" -outform DER -out "$name.p8"; done
