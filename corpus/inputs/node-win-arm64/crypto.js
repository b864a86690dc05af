'use strict';
// Cryptography against published test vectors (hashes, HMAC, PBKDF2, scrypt, HKDF, AES-GCM,
// ChaCha20-Poly1305, Ed25519), plus key generation and sign/verify round trips that need the
// OS random source (RSA, ECDSA, X25519). Exits 1 on a wrong result.
const crypto = require('node:crypto');

const { check, finish } = require('./tap.js');
const H = (alg, data) => crypto.createHash(alg).update(data).digest('hex');
const fox = 'The quick brown fox jumps over the lazy dog';

async function main() {
  check('md5', H('md5', fox), '9e107d9d372bb6826bd81d3542a419d6');
  check('sha1', H('sha1', fox), '2fd4e1c67a2d28fced849ee1bb76e7391b93eb12');
  check('sha256 abc', H('sha256', 'abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  check('sha512 abc', H('sha512', 'abc'), 'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f');
  check('sha3-256 empty', H('sha3-256', ''), 'a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a');
  check('sha256 of 1e6 x "a"', H('sha256', Buffer.alloc(1000000, 'a')), 'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
  check('hmac-sha256 rfc4231#2', crypto.createHmac('sha256', 'Jefe').update('what do ya want for nothing?').digest('hex'), '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  check('pbkdf2-sha256 4096', crypto.pbkdf2Sync('password', 'salt', 4096, 32, 'sha256').toString('hex'), 'c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a');
  const scrypt = await new Promise((res, rej) => crypto.scrypt('password', 'NaCl', 64, { N: 1024, r: 8, p: 16 }, (e, k) => e ? rej(e) : res(k)));
  check('scrypt rfc7914', scrypt.toString('hex'), 'fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640');
  const hk = crypto.hkdfSync('sha256', Buffer.alloc(22, 0x0b), Buffer.from('000102030405060708090a0b0c', 'hex'), Buffer.from('f0f1f2f3f4f5f6f7f8f9', 'hex'), 42);
  check('hkdf rfc5869#1', Buffer.from(hk).toString('hex'), '3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865');

  // AES-128-GCM, NIST test case 4 (McGrew & Viega).
  const key = Buffer.from('feffe9928665731c6d6a8f9467308308', 'hex');
  const iv = Buffer.from('cafebabefacedbaddecaf888', 'hex');
  const pt = Buffer.from('d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39', 'hex');
  const aad = Buffer.from('feedfacedeadbeeffeedfacedeadbeefabaddad2', 'hex');
  const c = crypto.createCipheriv('aes-128-gcm', key, iv); c.setAAD(aad);
  const ct = Buffer.concat([c.update(pt), c.final()]);
  check('aes-128-gcm tag', c.getAuthTag().toString('hex'), '5bc94fbc3221a5db94fae95ae7121a47');
  check('aes-128-gcm ciphertext sha256', H('sha256', ct), H('sha256', Buffer.from('42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091', 'hex')));
  const d = crypto.createDecipheriv('aes-128-gcm', key, iv); d.setAAD(aad); d.setAuthTag(c.getAuthTag());
  check('aes-128-gcm decrypt', Buffer.concat([d.update(ct), d.final()]).equals(pt), true);
  const bad = crypto.createDecipheriv('aes-128-gcm', key, iv); bad.setAAD(aad); bad.setAuthTag(Buffer.alloc(16));
  check('aes-128-gcm rejects bad tag', (() => { try { bad.update(ct); bad.final(); return 'accepted'; } catch (e) { return 'rejected'; } })(), 'rejected');

  // ChaCha20-Poly1305, RFC 8439 section 2.8.2.
  const ck = Buffer.from('808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f', 'hex');
  const cn = Buffer.from('070000004041424344454647', 'hex');
  const cc = crypto.createCipheriv('chacha20-poly1305', ck, cn, { authTagLength: 16 });
  cc.setAAD(Buffer.from('50515253c0c1c2c3c4c5c6c7', 'hex'), { plaintextLength: 114 });
  const cct = Buffer.concat([cc.update("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it."), cc.final()]);
  check('chacha20-poly1305 tag', cc.getAuthTag().toString('hex'), '1ae10b594f09e26a7e902ecbd0600691');
  check('chacha20-poly1305 ct prefix', cct.subarray(0, 16).toString('hex'), 'd31a8d34648e60db7b86afbc53ef7ec2');

  // Ed25519, RFC 8032 test 1 (deterministic signature).
  const edPriv = crypto.createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'hex')]), format: 'der', type: 'pkcs8' });
  const sig = crypto.sign(null, Buffer.alloc(0), edPriv);
  check('ed25519 rfc8032#1 signature', sig.toString('hex'), 'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b');
  check('ed25519 public key', crypto.createPublicKey(edPriv).export({ format: 'jwk' }).x, Buffer.from('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a', 'hex').toString('base64url'));

  // Key generation and round trips (random, so only the outcome is printed).
  const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const msg = Buffer.from('woa-compat rsa message');
  check('rsa-2048 sign/verify', crypto.verify('sha256', msg, publicKey, crypto.sign('sha256', msg, privateKey)), true);
  check('rsa-2048 oaep round trip', crypto.privateDecrypt(privateKey, crypto.publicEncrypt(publicKey, msg)).equals(msg), true);
  const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  check('ecdsa p-256 sign/verify', crypto.verify('sha256', msg, ec.publicKey, crypto.sign('sha256', msg, ec.privateKey)), true);
  const a = crypto.generateKeyPairSync('x25519'), b = crypto.generateKeyPairSync('x25519');
  check('x25519 agreement', crypto.diffieHellman({ privateKey: a.privateKey, publicKey: b.publicKey }).equals(crypto.diffieHellman({ privateKey: b.privateKey, publicKey: a.publicKey })), true);
  const r1 = crypto.randomBytes(32), r2 = crypto.randomBytes(32);
  check('randomBytes distinct', [r1.length, r1.equals(r2)], [32, false]);
  check('randomUUID v4 format', /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(crypto.randomUUID()), true);

  // WebCrypto.
  const wd = await crypto.subtle.digest('SHA-384', new TextEncoder().encode('abc'));
  check('subtle sha-384', Buffer.from(wd).toString('hex'), 'cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7');
  const hkey = await crypto.subtle.importKey('raw', new TextEncoder().encode('key'), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const hs = await crypto.subtle.sign('HMAC', hkey, new TextEncoder().encode(fox));
  check('subtle hmac-sha256', Buffer.from(hs).toString('hex'), 'f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8');

  finish('crypto');
}
main().catch((e) => { check('no exception', String(e && e.stack || e), 'none'); finish('exception'); });
