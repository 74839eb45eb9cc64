#pragma once
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/x509_vfy.h>
#include <openssl/pem.h>
#include <openssl/hmac.h>
#include <openssl/kdf.h>

/* Constant macros Swift cannot import (composite expressions), re-declared for the Cryptography module. */
static const unsigned long GH_XN_FLAG_RFC2253_UTF8 = XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB;
static const int GH_EVP_PKEY_EC = EVP_PKEY_EC;
static const int GH_EVP_PKEY_ED25519 = EVP_PKEY_ED25519;
static const int GH_EVP_PKEY_RSA = EVP_PKEY_RSA;
static const int GH_EVP_CTRL_GCM_GET_TAG = EVP_CTRL_GCM_GET_TAG;
static const int GH_EVP_CTRL_GCM_SET_TAG = EVP_CTRL_GCM_SET_TAG;
static const int GH_RSA_PSS_SALTLEN_DIGEST = RSA_PSS_SALTLEN_DIGEST;
static const int GH_EVP_PKEY_PUBLIC_KEY = EVP_PKEY_PUBLIC_KEY;
