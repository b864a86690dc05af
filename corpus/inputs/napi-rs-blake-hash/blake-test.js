'use strict';
// Loads @napi-rs/blake-hash's native module (the .node in ./package) and checks it.
//   node blake-test.js vectors   : the BLAKE3 team's test_vectors.json (hash, keyed_hash, derive_key),
//                                  RFC 7693's "abc" and the BLAKE2 repository's keyed KATs (2b, 2s, 2bp, 2sp)
//   node blake-test.js streaming : hashers fed in uneven pieces == one shot; BLAKE2b/2s for every length
//                                  0..1024 against node's OpenSSL; parameter blocks; 16 MiB inputs
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const file = fs.readdirSync('package').find((f) => f.endsWith('.node'));
const b = require(path.resolve('package', file));

const { check, finish } = require('./tap.js');
const hex = (x) => Buffer.from(x).toString('hex');
const seq = (n, mod = 256) => Buffer.from(Array.from({ length: n }, (_, i) => i % mod));
function pattern(n, seed) { const o = Buffer.alloc(n); let x = seed; for (let i = 0; i < n; i++) { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; o[i] = x; } return o; }

const B3 = [ // [input_len, hash, keyed_hash, derive_key]: the first 32 bytes of each
  [0, 'af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262', '92b2b75604ed3c761f9d6f62392c8a9227ad0ea3f09573e783f1498a4ed60d26', '2cc39783c223154fea8dfb7c1b1660f2ac2dcbd1c1de8277b0b0dd39b7e50d7d'],
  [1, '2d3adedff11b61f14c886e35afa036736dcd87a74d27b5c1510225d0f592e213', '6d7878dfff2f485635d39013278ae14f1454b8c0a3a2d34bc1ab38228a80c95b', 'b3e2e340a117a499c6cf2398a19ee0d29cca2bb7404c73063382693bf66cb06c'],
  [1023, '10108970eeda3eb932baac1428c7a2163b0e924c9a9e25b35bba72b28f70bd11', 'c951ecdf03288d0fcc96ee3413563d8a6d3589547f2c2fb36d9786470f1b9d6e', '74a16c1c3d44368a86e1ca6df64be6a2f64cce8f09220787450722d85725dea5'],
  [1024, '42214739f095a406f3fc83deb889744ac00df831c10daa55189b5d121c855af7', '75c46f6f3d9eb4f55ecaaee480db732e6c2105546f1e675003687c31719c7ba4', '7356cd7720d5b66b6d0697eb3177d9f8d73a4a5c5e968896eb6a689684302706'],
  [1025, 'd00278ae47eb27b34faecf67b4fe263f82d5412916c1ffd97c8cb7fb814b8444', '357dc55de0c7e382c900fd6e320acc04146be01db6a8ce7210b7189bd664ea69', 'effaa245f065fbf82ac186839a249707c3bddf6d3fdda22d1b95a3c970379bcb'],
  [2048, 'e776b6028c7cd22a4d0ba182a8bf62205d2ef576467e838ed6f2529b85fba24a', '879cf1fa2ea0e79126cb1063617a05b6ad9d0b696d0d757cf053439f60a99dd1', '7b2945cb4fef70885cc5d78a87bf6f6207dd901ff239201351ffac04e1088a23'],
  [2049, '5f4d72f40d7a5f82b15ca2b2e44b1de3c2ef86c426c95c1af0b6879522563030', '9f29700902f7c86e514ddc4df1e3049f258b2472b6dd5267f61bf13983b78dd5', '2ea477c5515cc3dd606512ee72bb3e0e758cfae7232826f35fb98ca1bcbdf273'],
  [3072, 'b98cb0ff3623be03326b373de6b9095218513e64f1ee2edd2525c7ad1e5cffd2', '044a0e7b172a312dc02a4c9a818c036ffa2776368d7f528268d2e6b5df191770', '050df97f8c2ead654d9bb3ab8c9178edcd902a32f8495949feadcc1e0480c46b'],
  [3073, '7124b49501012f81cc7f11ca069ec9226cecb8a2c850cfe644e327d22d3e1cd3', '68dede9bef00ba89e43f31a6825f4cf433389fedae75c04ee9f0cf16a427c95a', '72613c9ec9ff7e40f8f5c173784c532ad852e827dba2bf85b2ab4b76f7079081'],
  [4096, '015094013f57a5277b59d8475c0501042c0b642e531b0a1c8f58d2163229e969', 'befc660aea2f1718884cd8deb9902811d332f4fc4a38cf7c7300d597a081bfc0', '1e0d7f3db8c414c97c6307cbda6cd27ac3b030949da8e23be1a1a924ad2f25b9'],
  [4097, '9b4052b38f1c5fc8b1f9ff7ac7b27cd242487b3d890d15c96a1c25b8aa0fb995', '00df940cd36bb9fa7cbbc3556744e0dbc8191401afe70520ba292ee3ca80abbc', 'aca51029626b55fda7117b42a7c211f8c6e9ba4fe5b7a8ca922f34299500ead8'],
  [5120, '9cadc15fed8b5d854562b26a9536d9707cadeda9b143978f319ab34230535833', '2c493e48e9b9bf31e0553a22b23503c0a3388f035cece68eb438d22fa1943e20', '7a7acac8a02adcf3038d74cdd1d34527de8a0fcc0ee3399d1262397ce5817f60'],
  [5121, '628bd2cb2004694adaab7bbd778a25df25c47b9d4155a55f8fbd79f2fe154cff', '6ccf1c34753e7a044db80798ecd0782a8f76f33563accaddbfbb2e0ea4b2d024', 'b07f01e518e702f7ccb44a267e9e112d403a7b3f4883a47ffbed4b48339b3c34'],
  [6144, '3e2e5b74e048f3add6d21faab3f83aa44d3b2278afb83b80b3c35164ebeca205', '3d6b6d21281d0ade5b2b016ae4034c5dec10ca7e475f90f76eac7138e9bc8f1d', '2a95beae63ddce523762355cf4b9c1d8f131465780a391286a5d01abb5683a15'],
  [6145, 'f1323a8631446cc50536a9f705ee5cb619424d46887f3c376c695b70e0f0507f', '9ac301e9e39e45e3250a7e3b3df701aa0fb6889fbd80eeecf28dbc6300fbc539', '379bcc61d0051dd489f686c13de00d5b14c505245103dc040d9e4dd1facab8e5'],
  [7168, '61da957ec2499a95d6b8023e2b0e604ec7f6b50e80a9678b89d2628e99ada77a', 'b42835e40e9d4a7f42ad8cc04f85a963a76e18198377ed84adddeaecacc6f3fc', '11c37a112765370c94a51415d0d651190c288566e295d505defdad895dae2237'],
  [7169, 'a003fc7a51754a9b3c7fae0367ab3d782dccf28855a03d435f8cfe74605e7817', 'ed9b1a922c046fdb3d423ae34e143b05ca1bf28b710432857bf738bcedbfa511', '554b0a5efea9ef183f2f9b931b7497995d9eb26f5c5c6dad2b97d62fc5ac31d9'],
  [8192, 'aae792484c8efe4f19e2ca7d371d8c467ffb10748d8a5a1ae579948f718a2a63', 'dc9637c8845a770b4cbf76b8daec0eebf7dc2eac11498517f08d44c8fc00d58a', 'ad01d7ae4ad059b0d33baa3c01319dcf8088094d0359e5fd45d6aeaa8b2d0c3d'],
  [8193, 'bab6c09cb8ce8cf459261398d2e7aef35700bf488116ceb94a36d0f5f1b7bc3b', '954a2a75420c8d6547e3ba5b98d963e6fa6491addc8c023189cc519821b4a1f5', 'af1e0346e389b17c23200270a64aa4e1ead98c61695d917de7d5b00491c9b0f1'],
  [16384, 'f875d6646de28985646f34ee13be9a576fd515f76b5b0a26bb324735041ddde4', '9e9fc4eb7cf081ea7c47d1807790ed211bfec56aa25bb7037784c13c4b707b0d', '160e18b5878cd0df1c3af85eb25a0db5344d43a6fbd7a8ef4ed98d0714c3f7e1'],
  [31744, '62b6960e1a44bcc1eb1a611a8d6235b6b4b78f32e7abc4fb4c6cdcce94895c47', 'efa53b389ab67c593dba624d898d0f7353ab99e4ac9d42302ee64cbf9939a419', '39772aef80e0ebe60596361e45b061e8f417429d529171b6764468c22928e28e'],
  [102400, 'bc3e3d41a1146b069abffad3c0d44860cf664390afce4d9661f7902e7943e085', '1c35d1a5811083fd7119f5d5d1ba027b4d01c0c6c49fb6ff2cf75393ea5db4a7', '4652cff7a3f385a6103b5c260fc1593e13c778dbe608efb092fe7ee69df6e9c6'],
];

const mode = process.argv[2];
if (mode === 'vectors') {
  // BLAKE3: input is 0,1,..,250,0,1,.. ; key and context string as in test_vectors.json
  const KEY = Buffer.from('whats the Elvish word for friend');
  const CTX = 'BLAKE3 2019-12-27 16:29:52 test vectors context';
  const bad = { hash: [], keyed: [], derive: [], deriveHasher: [] };
  for (const [n, h, k, d] of B3) {
    const input = seq(n, 251);
    if (hex(b.blake3(input)) !== h) bad.hash.push(n);
    if (b.Blake3Hasher.newKeyed(KEY).update(input).digest('hex') !== k) bad.keyed.push(n);
    if (hex(b.Blake3Hasher.deriveKey(CTX, input)) !== d) bad.derive.push(n);
    if (b.Blake3Hasher.newDeriveKey(CTX).update(input).digest('hex') !== d) bad.deriveHasher.push(n);
  }
  check(`BLAKE3 hash, ${B3.length} published lengths 0..102400`, bad.hash, []);
  check('BLAKE3 keyed_hash, published lengths', bad.keyed, []);
  check('BLAKE3 derive_key (deriveKey), published lengths', bad.derive, []);
  check('BLAKE3 derive_key (newDeriveKey hasher), published lengths', bad.deriveHasher, []);
  check('BLAKE3 "abc" URL-safe base64', b.blake3UrlSafeBase64('abc'), Buffer.from('6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d85', 'hex').toString('base64url') + '=');
  // BLAKE2 (RFC 7693 appendix A and E, the BLAKE2 repository's testvectors/)
  check('BLAKE2b-512 "abc" (RFC 7693)', hex(b.blake2b('abc')), 'ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923');
  check('BLAKE2s-256 "abc" (RFC 7693)', hex(b.blake2s('abc')), '508c5e8c327c14e2e1a72ba34eeb452f37458b209ed63a294d999b4c86675982');
  check('BLAKE2b-512 empty', hex(b.blake2b(Buffer.alloc(0))), '786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419d25e1031afee585313896444934eb04b903a685b1448b755d56f701afe9be2ce');
  check('BLAKE2s-256 empty', hex(b.blake2s('')), '69217a3079908094e11121d042354a7c1f55b6482ca1a51e1b250dfd1ed0eef9');
  check('BLAKE2s-256 00..3f (KAT)', hex(b.blake2s(seq(64))), '56f34e8b96557e90c1f24b52d0c89d51086acf1b00f634cf1dde9233b8eaaa3e');
  const key64 = seq(64), key32 = seq(32);
  const b2b = (input) => { const p = new b.Blake2BParam(); p.key(key64); return b.Blake2BHasher.withParams(p).update(input).digest('hex'); };
  const b2s = (input) => { const p = new b.Blake2SParam(); p.key(key32); return b.Blake2SHasher.withParams(p).update(input).digest('hex'); };
  const b2bp = (input) => { const p = new b.Blake2BpParam(); p.key(key64); return b.Blake2BpHasher.withParams(p).update(input).digest('hex'); };
  const b2sp = (input) => { const p = new b.Blake2SpParam(); p.key(key32); return b.Blake2SpHasher.withParams(p).update(input).digest('hex'); };
  check('keyed BLAKE2b, empty (KAT)', b2b(Buffer.alloc(0)), '10ebb67700b1868efb4417987acf4690ae9d972fb7a590c2f02871799aaa4786b5e996e8f0f4eb981fc214b005f42d2ff4233499391653df7aefcbc13fc51568');
  check('keyed BLAKE2b, 00 (KAT)', b2b(seq(1)), '961f6dd1e4dd30f63901690c512e78e4b45e4742ed197c3c5e45c549fd25f2e4187b0bc9fe30492b16b0d0bc4ef9b0f34c7003fac09a5ef1532e69430234cebd');
  check('keyed BLAKE2s, empty (KAT)', b2s(Buffer.alloc(0)), '48a8997da407876b3d79c0d92325ad3b89cbb754d86ab71aee047ad345fd2c49');
  check('keyed BLAKE2bp, empty (KAT)', b2bp(Buffer.alloc(0)), '9d9461073e4eb640a255357b839f394b838c6ff57c9b686a3f76107c1066728f3c9956bd785cbc3bf79dc2ab578c5a0c063b9d9c405848de1dbe821cd05c940a');
  check('keyed BLAKE2bp, 00 (KAT)', b2bp(seq(1)), 'ff8e90a37b94623932c59f7559f26035029c376732cb14d41602001cbb73adb79293a2dbda5f60703025144d158e2735529596251c73c0345ca6fccb1fb1e97e');
  check('keyed BLAKE2bp, 00..1f (KAT)', b2bp(seq(32)), 'a99a3d10f95b442ffff7c418fa949d4830869b0e60ec8b972c30a3169c27beb5cf330594f014b66b2200a7f086d2c2f3f9fd8532a5718876dfca661ba0f7b36d');
  check('keyed BLAKE2sp, empty (KAT)', b2sp(Buffer.alloc(0)), '715cb13895aeb678f6124160bff21465b30f4f6874193fc851b4621043f09cc6');
  check('keyed BLAKE2sp, 00 (KAT)', b2sp(seq(1)), '40578ffa52bf51ae1866f4284d3a157fc1bcd36ac13cbdcb0377e4d0cd0b6603');
  check('keyed BLAKE2sp, 00..3f (KAT)', b2sp(seq(64)), '1d3701a5661bd31ab20562bd07b74dd19ac8f3524b73ce7bc996b788afd2f317');
  check('keyed BLAKE2sp, 00..40 (KAT)', b2sp(seq(65)), '874e1938033d7d383597a2a65f58b554e41106f6d1d50e9ba0eb685f6b6da071');
} else if (mode === 'streaming') {
  const data = pattern(1024, 31);
  const bad2b = [], bad2s = [], badStr = [];
  for (let n = 0; n <= 1024; n++) {
    const s = data.subarray(0, n);
    if (hex(b.blake2b(s)) !== crypto.createHash('blake2b512').update(s).digest('hex')) bad2b.push(n);
    if (hex(b.blake2s(s)) !== crypto.createHash('blake2s256').update(s).digest('hex')) bad2s.push(n);
  }
  check('BLAKE2b-512 == OpenSSL for lengths 0..1024', bad2b, []);
  check('BLAKE2s-256 == OpenSSL for lengths 0..1024', bad2s, []);
  const text = 'h\u00e9llo w\u00f6rld \u4e16\u754c \ud83d\ude00';
  check('string input == its UTF-8 bytes', [b.blake3(text).equals(b.blake3(Buffer.from(text))), b.blake2b(text).equals(b.blake2b(Buffer.from(text)))], [true, true]);
  // 16 MiB through every hasher in uneven pieces, compared with one call
  const big = pattern(16 << 20, 2025);
  const feed = (h) => { let off = 0, step = 1; while (off < big.length) { const n = Math.min(step, big.length - off); h.update(big.subarray(off, off + n)); off += n; step = (step * 13 + 7) % 300007; } return h.digest('hex'); };
  const one3 = hex(b.blake3(big));
  check('BLAKE3 16 MiB pieces == one shot', feed(new b.Blake3Hasher()), one3);
  check('BLAKE2b 16 MiB pieces == one shot == OpenSSL', [feed(new b.Blake2BHasher()), hex(b.blake2b(big))], [crypto.createHash('blake2b512').update(big).digest('hex'), crypto.createHash('blake2b512').update(big).digest('hex')]);
  check('BLAKE2s 16 MiB pieces == OpenSSL', feed(new b.Blake2SHasher()), crypto.createHash('blake2s256').update(big).digest('hex'));
  check('BLAKE2bp 16 MiB pieces == one shot', feed(new b.Blake2BpHasher()), hex(b.blake2bp(big)));
  check('BLAKE2sp 16 MiB pieces == one shot', feed(new b.Blake2SpHasher()), hex(b.blake2sp(big)));
  const h = new b.Blake3Hasher(); h.update('abc'); const first = h.digest('hex'); h.update('def');
  check('digest does not finalise; update continues', [first, h.digest('hex')], [hex(b.blake3('abc')), hex(b.blake3('abcdef'))]);
  h.reset(); check('reset', h.update('abc').digest('hex'), first);
  check('digestBuffer == digest', hex(new b.Blake3Hasher().update('abc').digestBuffer()), first);
  // parameter blocks (hash length, key, salt, personalisation) against CPython's hashlib (the BLAKE2 reference code)
  const p = new b.Blake2BParam(); p.hashLength(32);
  check('BLAKE2b hashLength 32, "abc"', b.Blake2BHasher.withParams(p).update('abc').digest('hex'), 'bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319');
  const k = new b.Blake2BParam(); k.hashLength(20); k.key(Buffer.from('secret key'));
  check('BLAKE2b hashLength 20 + key, "abc"', b.Blake2BHasher.withParams(k).update('abc').digest('hex'), 'c5d4ae8773cee55ae42a83771490e260cad1e295');
  const q = new b.Blake2SParam(); q.hashLength(16); q.salt(Buffer.from('saltsalt')); q.personal(Buffer.from('me'));
  check('BLAKE2s hashLength 16 + salt + personal, "abc"', b.Blake2SHasher.withParams(q).update('abc').digest('hex'), '67f9a751d3976777c94b0b013e8a7427');
} else { console.log('usage: blake-test.js vectors|streaming'); process.exit(2); }
finish(`blake-hash ${mode}`);
