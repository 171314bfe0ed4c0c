// A Node-API binding to OpenSSL's PKCS#12 key-derivation function (RFC 7292 appendix B.2), the one
// `openssl pkcs12` runs. Node exports the OpenSSL it is built with to its addons: nothing is linked in,
// and no hashing is written here. Called by src/pkcs12/kdf.ts, which checks every argument first.
//
//   derive(hashName: string, passwordBmp: Uint8Array, salt: Uint8Array, iterations: number,
//          id: 1 | 2 | 3, length: number): Buffer
#include <node_api.h>
#include <openssl/evp.h>
#include <openssl/pkcs12.h>
#include <stdlib.h>

#define CHECK(call)                                                                                \
  do {                                                                                             \
    if ((call) != napi_ok) return fail(env, "pkcs12-kdf: bad arguments");                          \
  } while (0)

static napi_value fail(napi_env env, const char* message) {
  napi_throw_error(env, NULL, message);
  return NULL;
}

static napi_value Derive(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc != 6) return fail(env, "pkcs12-kdf: six arguments expected");

  char hash_name[16];
  size_t hash_name_length;
  void *password, *salt;
  size_t password_length, salt_length;
  napi_typedarray_type password_type, salt_type;
  uint32_t iterations, id, length;
  CHECK(napi_get_value_string_utf8(env, argv[0], hash_name, sizeof hash_name, &hash_name_length));
  CHECK(napi_get_typedarray_info(env, argv[1], &password_type, &password_length, &password, NULL, NULL));
  CHECK(napi_get_typedarray_info(env, argv[2], &salt_type, &salt_length, &salt, NULL, NULL));
  if (password_type != napi_uint8_array || salt_type != napi_uint8_array)
    return fail(env, "pkcs12-kdf: bytes expected");
  CHECK(napi_get_value_uint32(env, argv[3], &iterations));
  CHECK(napi_get_value_uint32(env, argv[4], &id));
  CHECK(napi_get_value_uint32(env, argv[5], &length));
  if (iterations < 1 || iterations > 0x7fffffff || id < 1 || id > 3 || length < 1 || length > 4096 ||
      password_length > 0x7fffffff || salt_length > 0x7fffffff)
    return fail(env, "pkcs12-kdf: argument out of range");

  const EVP_MD* md = EVP_get_digestbyname(hash_name);
  if (md == NULL) return fail(env, "pkcs12-kdf: unknown hash");

  void* out;
  napi_value result;
  CHECK(napi_create_buffer(env, length, &out, &result));
  // An empty password is no password to OpenSSL (a NULL pointer); a zero-length buffer may have none.
  static unsigned char nothing[1];
  if (!PKCS12_key_gen_uni(password_length ? password : nothing, (int)password_length,
                          salt_length ? salt : nothing, (int)salt_length, (int)id, (int)iterations,
                          (int)length, out, md))
    return fail(env, "pkcs12-kdf: OpenSSL failed");
  return result;
}

NAPI_MODULE_INIT() {
  napi_value derive;
  if (napi_create_function(env, "derive", NAPI_AUTO_LENGTH, Derive, NULL, &derive) != napi_ok ||
      napi_set_named_property(env, exports, "derive", derive) != napi_ok)
    return NULL;
  return exports;
}
