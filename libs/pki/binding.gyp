# The PKCS#12 key-derivation function of the OpenSSL that Node itself runs (native/pkcs12-kdf.c), built by
# `npm install` (node-gyp) with Node's own headers. Optional: libs/pki falls back to its JavaScript loop.
{
  "targets": [
    {
      "target_name": "pkcs12_kdf",
      "sources": ["native/pkcs12-kdf.c"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
