/* bcrypt: Windows CNG on published test vectors. SHA-1/SHA-256/SHA-512 and MD5 (FIPS 180,
 * RFC 1321), HMAC-SHA256 (RFC 4231), PBKDF2 (RFC 6070), AES-128 ECB (FIPS 197), CBC
 * (SP 800-38A) with and without padding, GCM (the GCM specification's test case 2), and
 * BCryptGenRandom. Output: wine's test format (probe_test.h). */
#include <ntstatus.h>
#define WIN32_NO_STATUS
#include "probe_test.h"
#include <bcrypt.h>

#ifndef BCRYPT_INIT_AUTH_MODE_INFO
/* As the Windows SDK's bcrypt.h defines it. */
#define BCRYPT_INIT_AUTH_MODE_INFO(info)  \
    do {                                  \
        memset(&(info), 0, sizeof(info)); \
        (info).cbSize = sizeof(info);     \
        (info).dwInfoVersion = BCRYPT_AUTHENTICATED_CIPHER_MODE_INFO_VERSION; \
    } while (0)
#endif

static void hex_to_bytes(const char* hex, UCHAR* out) {
    unsigned int byte;
    while (*hex && sscanf(hex, "%2x", &byte) == 1) {
        *out++ = (UCHAR)byte;
        hex += 2;
    }
}

static const char* bytes_to_hex(const UCHAR* bytes, ULONG length) {
    static char text[8][260];
    static int next;
    char* out = text[next++ % 8];
    ULONG i;
    for (i = 0; i < length && i < 128; i++) sprintf(out + 2 * i, "%02x", bytes[i]);
    out[2 * i] = 0;
    return out;
}

static void check_hash(const WCHAR* algorithm, ULONG flags, const char* key, const char* message,
                       const char* expected_hex) {
    BCRYPT_ALG_HANDLE provider;
    BCRYPT_HASH_HANDLE hash;
    UCHAR digest[64];
    ULONG length = 0, got;
    NTSTATUS status = BCryptOpenAlgorithmProvider(&provider, algorithm, NULL, flags);

    if (!ok(!status, "BCryptOpenAlgorithmProvider(%s): 0x%08lx\n", wine_dbgstr_w(algorithm), status))
        return;
    ok(!BCryptGetProperty(provider, BCRYPT_HASH_LENGTH, (UCHAR*)&length, sizeof length, &got, 0) &&
           length == strlen(expected_hex) / 2,
       "%s: BCRYPT_HASH_LENGTH %lu\n", wine_dbgstr_w(algorithm), length);
    status = BCryptCreateHash(provider, &hash, NULL, 0, (UCHAR*)key, key ? (ULONG)strlen(key) : 0, 0);
    if (ok(!status, "BCryptCreateHash: 0x%08lx\n", status)) {
        /* In two pieces: hashing is incremental. */
        size_t half = strlen(message) / 2;
        BCryptHashData(hash, (UCHAR*)message, (ULONG)half, 0);
        BCryptHashData(hash, (UCHAR*)message + half, (ULONG)(strlen(message) - half), 0);
        status = BCryptFinishHash(hash, digest, length, 0);
        ok(!status && !strcmp(bytes_to_hex(digest, length), expected_hex), "%s(%s) = %s\n",
           wine_dbgstr_w(algorithm), message, bytes_to_hex(digest, length));
        BCryptDestroyHash(hash);
    }
    BCryptCloseAlgorithmProvider(provider, 0);
}

static void test_hashes(void) {
    check_hash(BCRYPT_SHA256_ALGORITHM, 0, NULL, "abc",
               "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    check_hash(BCRYPT_SHA256_ALGORITHM, 0, NULL, "",
               "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    check_hash(BCRYPT_SHA1_ALGORITHM, 0, NULL, "abc", "a9993e364706816aba3e25717850c26c9cd0d89d");
    check_hash(BCRYPT_MD5_ALGORITHM, 0, NULL, "abc", "900150983cd24fb0d6963f7d28e17f72");
    check_hash(BCRYPT_SHA512_ALGORITHM, 0, NULL, "abc",
               "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
               "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
    /* RFC 4231 test case 2. */
    check_hash(BCRYPT_SHA256_ALGORITHM, BCRYPT_ALG_HANDLE_HMAC_FLAG, "Jefe",
               "what do ya want for nothing?",
               "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

static void test_pbkdf2(void) {
    BCRYPT_ALG_HANDLE provider;
    UCHAR key[20];
    NTSTATUS status = BCryptOpenAlgorithmProvider(&provider, BCRYPT_SHA1_ALGORITHM, NULL,
                                                  BCRYPT_ALG_HANDLE_HMAC_FLAG);
    if (!ok(!status, "HMAC-SHA1 provider: 0x%08lx\n", status)) return;
    /* RFC 6070: P = "password", S = "salt", c = 2, dkLen = 20. */
    status = BCryptDeriveKeyPBKDF2(provider, (UCHAR*)"password", 8, (UCHAR*)"salt", 4, 2, key,
                                   sizeof key, 0);
    ok(!status && !strcmp(bytes_to_hex(key, sizeof key), "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957"),
       "PBKDF2: 0x%08lx %s\n", status, bytes_to_hex(key, sizeof key));
    BCryptCloseAlgorithmProvider(provider, 0);
}

static BCRYPT_KEY_HANDLE aes_key(BCRYPT_ALG_HANDLE* provider, const WCHAR* mode, const char* key_hex) {
    BCRYPT_KEY_HANDLE key = NULL;
    UCHAR secret[32];
    NTSTATUS status = BCryptOpenAlgorithmProvider(provider, BCRYPT_AES_ALGORITHM, NULL, 0);
    if (!ok(!status, "AES provider: 0x%08lx\n", status)) return NULL;
    status = BCryptSetProperty(*provider, BCRYPT_CHAINING_MODE, (UCHAR*)mode,
                               (ULONG)((lstrlenW(mode) + 1) * sizeof(WCHAR)), 0);
    ok(!status, "chaining mode %s: 0x%08lx\n", wine_dbgstr_w(mode), status);
    hex_to_bytes(key_hex, secret);
    status = BCryptGenerateSymmetricKey(*provider, &key, NULL, 0, secret, (ULONG)strlen(key_hex) / 2, 0);
    ok(!status, "BCryptGenerateSymmetricKey: 0x%08lx\n", status);
    return key;
}

static void test_aes(void) {
    BCRYPT_ALG_HANDLE provider;
    BCRYPT_KEY_HANDLE key;
    UCHAR plain[64], cipher[64], iv[16], back[64];
    ULONG length = 0;
    NTSTATUS status;

    /* FIPS 197 appendix C.1. */
    key = aes_key(&provider, BCRYPT_CHAIN_MODE_ECB, "000102030405060708090a0b0c0d0e0f");
    if (key) {
        hex_to_bytes("00112233445566778899aabbccddeeff", plain);
        status = BCryptEncrypt(key, plain, 16, NULL, NULL, 0, cipher, sizeof cipher, &length, 0);
        ok(!status && length == 16 &&
               !strcmp(bytes_to_hex(cipher, 16), "69c4e0d86a7b0430d8cdb78070b4c55a"),
           "AES-128 ECB: 0x%08lx %s\n", status, bytes_to_hex(cipher, length));
        status = BCryptDecrypt(key, cipher, 16, NULL, NULL, 0, back, sizeof back, &length, 0);
        ok(!status && length == 16 && !memcmp(back, plain, 16), "AES-128 ECB decrypt: 0x%08lx\n",
           status);
        BCryptDestroyKey(key);
        BCryptCloseAlgorithmProvider(provider, 0);
    }

    /* SP 800-38A F.2.1, first block; then with PKCS#7 padding a full block more. */
    key = aes_key(&provider, BCRYPT_CHAIN_MODE_CBC, "2b7e151628aed2a6abf7158809cf4f3c");
    if (key) {
        hex_to_bytes("6bc1bee22e409f96e93d7e117393172a", plain);
        hex_to_bytes("000102030405060708090a0b0c0d0e0f", iv);
        status = BCryptEncrypt(key, plain, 16, NULL, iv, 16, cipher, sizeof cipher, &length, 0);
        ok(!status && length == 16 &&
               !strcmp(bytes_to_hex(cipher, 16), "7649abac8119b246cee98e9b12e9197d"),
           "AES-128 CBC: 0x%08lx %s\n", status, bytes_to_hex(cipher, length));
        hex_to_bytes("000102030405060708090a0b0c0d0e0f", iv);
        status = BCryptEncrypt(key, plain, 16, NULL, iv, 16, NULL, 0, &length, BCRYPT_BLOCK_PADDING);
        ok(!status && length == 32, "padded size query: 0x%08lx %lu\n", status, length);
        status = BCryptEncrypt(key, plain, 16, NULL, iv, 16, cipher, sizeof cipher, &length,
                               BCRYPT_BLOCK_PADDING);
        ok(!status && length == 32, "padded CBC: 0x%08lx %lu\n", status, length);
        hex_to_bytes("000102030405060708090a0b0c0d0e0f", iv);
        status = BCryptDecrypt(key, cipher, 32, NULL, iv, 16, back, sizeof back, &length,
                               BCRYPT_BLOCK_PADDING);
        ok(!status && length == 16 && !memcmp(back, plain, 16), "padded CBC decrypt: 0x%08lx %lu\n",
           status, length);
        BCryptDestroyKey(key);
        BCryptCloseAlgorithmProvider(provider, 0);
    }

    /* GCM specification test case 2: zero key, zero 96-bit IV, one zero block. */
    key = aes_key(&provider, BCRYPT_CHAIN_MODE_GCM, "00000000000000000000000000000000");
    if (key) {
        BCRYPT_AUTHENTICATED_CIPHER_MODE_INFO info;
        UCHAR nonce[12] = {0}, tag[16];
        BCRYPT_INIT_AUTH_MODE_INFO(info);
        info.pbNonce = nonce;
        info.cbNonce = sizeof nonce;
        info.pbTag = tag;
        info.cbTag = sizeof tag;
        memset(plain, 0, 16);
        status = BCryptEncrypt(key, plain, 16, &info, NULL, 0, cipher, sizeof cipher, &length, 0);
        ok(!status && !strcmp(bytes_to_hex(cipher, 16), "0388dace60b6a392f328c2b971b2fe78"),
           "AES-GCM ciphertext: 0x%08lx %s\n", status, bytes_to_hex(cipher, 16));
        ok(!status && !strcmp(bytes_to_hex(tag, 16), "ab6e47d42cec13bdf53a67b21257bddf"),
           "AES-GCM tag: %s\n", bytes_to_hex(tag, 16));
        /* A changed tag must be refused. */
        tag[0] ^= 1;
        status = BCryptDecrypt(key, cipher, 16, &info, NULL, 0, back, sizeof back, &length, 0);
        ok(status == STATUS_AUTH_TAG_MISMATCH, "bad GCM tag: 0x%08lx\n", status);
        BCryptDestroyKey(key);
        BCryptCloseAlgorithmProvider(provider, 0);
    }
}

static void test_random(void) {
    UCHAR first[32] = {0}, second[32] = {0}, zero[32] = {0};
    NTSTATUS status = BCryptGenRandom(NULL, first, sizeof first, BCRYPT_USE_SYSTEM_PREFERRED_RNG);
    ok(!status, "BCryptGenRandom: 0x%08lx\n", status);
    BCryptGenRandom(NULL, second, sizeof second, BCRYPT_USE_SYSTEM_PREFERRED_RNG);
    ok(memcmp(first, zero, sizeof zero) && memcmp(first, second, sizeof first),
       "random bytes repeat or are zero\n");
    /* A NULL algorithm handle needs the flag. */
    status = BCryptGenRandom(NULL, first, sizeof first, 0);
    ok(status == STATUS_INVALID_HANDLE || status == STATUS_INVALID_PARAMETER,
       "BCryptGenRandom(NULL, 0): 0x%08lx\n", status);
}

int main(void) {
    probe_start("bcrypt");
    test_hashes();
    test_pbkdf2();
    test_aes();
    test_random();
    return probe_finish();
}
