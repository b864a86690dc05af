'use strict';
// Loopback networking only (127.0.0.1): TCP echo of 1 MiB, 8 concurrent clients, half-close,
// connection refused, HTTP server + http.request + fetch, UDP datagrams. Exits 1 on a wrong result.
const net = require('node:net');
const http = require('node:http');
const dgram = require('node:dgram');
const crypto = require('node:crypto');

const { check, finish } = require('./tap.js');
const sha = (b) => crypto.createHash('sha256').update(b).digest('hex');
function pattern(n, seed) {
  const b = Buffer.alloc(n); let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; b[i] = x & 0xff; }
  return b;
}
const listen = (srv) => new Promise((res, rej) => { srv.once('error', rej); srv.listen(0, '127.0.0.1', () => res(srv.address().port)); });

async function tcpEcho() {
  const srv = net.createServer((s) => s.pipe(s));
  const port = await listen(srv);
  const data = pattern(1 << 20, 7);
  const got = await new Promise((resolve, reject) => {
    const c = net.connect(port, '127.0.0.1');
    const chunks = []; let n = 0;
    c.on('data', (d) => { chunks.push(d); n += d.length; if (n >= data.length) c.end(); });
    c.on('end', () => resolve(Buffer.concat(chunks)));
    c.on('error', reject);
    c.write(data);
  });
  srv.close();
  check('tcp echo 1 MiB', [got.length, sha(got)], [data.length, sha(data)]);
}

async function tcpMany() {
  const perConn = new Map();
  const srv = net.createServer((s) => {
    const hs = crypto.createHash('sha256'); let n = 0; let id = null;
    s.on('data', (d) => { if (id === null) { id = d[0]; d = d.subarray(1); } n += d.length; hs.update(d); });
    s.on('end', () => { const dg = hs.digest('hex'); perConn.set(id, [n, dg.slice(0, 16)]); s.end(`${id}:${n}:${dg.slice(0, 16)}`); });
  });
  const port = await listen(srv);
  const replies = await Promise.all(Array.from({ length: 8 }, (_, i) => new Promise((resolve, reject) => {
    const c = net.connect({ port, host: '127.0.0.1' }, () => {
      c.write(Buffer.from([i])); c.end(pattern(65536 + i * 1000, 100 + i));
    });
    let r = ''; c.on('data', (d) => { r += d; }); c.on('end', () => resolve(r)); c.on('error', reject);
  })));
  srv.close();
  const want = Array.from({ length: 8 }, (_, i) => `${i}:${65536 + i * 1000}:${sha(pattern(65536 + i * 1000, 100 + i)).slice(0, 16)}`);
  check('8 concurrent clients', replies, want);
}

async function halfClose() {
  const srv = net.createServer({ allowHalfOpen: true }, (s) => {
    let got = ''; s.on('data', (d) => { got += d; });
    s.on('end', () => { s.write(`after end: ${got.length} bytes`); s.end(); });
  });
  const port = await listen(srv);
  const r = await new Promise((resolve, reject) => {
    const c = net.connect(port, '127.0.0.1', () => c.end('x'.repeat(12345)));
    let r = ''; c.on('data', (d) => { r += d; }); c.on('end', () => resolve(r)); c.on('error', reject);
  });
  srv.close();
  check('half-close', r, 'after end: 12345 bytes');
}

async function refused() {
  const srv = net.createServer(); const port = await listen(srv);
  await new Promise((r) => srv.close(r));
  const code = await new Promise((resolve) => {
    const c = net.connect(port, '127.0.0.1');
    c.on('connect', () => { c.destroy(); resolve('connected?!'); });
    c.on('error', (e) => resolve(e.code));
  });
  check('connection refused', code, 'ECONNREFUSED');
}

async function httpRoundTrips() {
  const srv = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      if (req.url === '/json' && req.method === 'POST') {
        const o = JSON.parse(body); res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ sum: o.nums.reduce((a, b) => a + b, 0), ua: req.headers['x-test'] }));
      } else if (req.url === '/chunked') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        let i = 0; const t = setInterval(() => { res.write(`chunk${i}\n`); if (++i === 5) { clearInterval(t); res.end(); } }, 5);
      } else { res.statusCode = 404; res.end('nope'); }
    });
  });
  const port = await listen(srv);
  const post = await new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/json', method: 'POST', headers: { 'x-test': 'woa', 'content-type': 'application/json' } }, (res) => {
      let b = ''; res.on('data', (d) => { b += d; }); res.on('end', () => resolve([res.statusCode, res.headers['content-type'], JSON.parse(b)]));
    });
    req.on('error', reject);
    req.end(JSON.stringify({ nums: Array.from({ length: 1000 }, (_, i) => i) }));
  });
  check('http POST json', post, [200, 'application/json', { sum: 499500, ua: 'woa' }]);
  const r1 = await fetch(`http://127.0.0.1:${port}/chunked`);
  check('fetch chunked', [r1.status, r1.headers.get('transfer-encoding'), await r1.text()], [200, 'chunked', 'chunk0\nchunk1\nchunk2\nchunk3\nchunk4\n']);
  const r2 = await fetch(`http://127.0.0.1:${port}/missing`);
  check('fetch 404', [r2.status, await r2.text()], [404, 'nope']);
  srv.closeAllConnections(); srv.close();
}

async function udp() {
  const a = dgram.createSocket('udp4'); const b = dgram.createSocket('udp4');
  await new Promise((r) => a.bind(0, '127.0.0.1', r));
  await new Promise((r) => b.bind(0, '127.0.0.1', r));
  const got = [];
  const done = new Promise((resolve) => a.on('message', (m, rinfo) => {
    got.push(`${m.toString()}@${rinfo.port === b.address().port}`); if (got.length === 10) resolve();
  }));
  for (let i = 0; i < 10; i++) b.send(`dgram-${i}`, a.address().port, '127.0.0.1');
  let timer; await Promise.race([done, new Promise((r) => { timer = setTimeout(r, 10000); })]); clearTimeout(timer);
  a.close(); b.close();
  check('udp 10 datagrams', got.sort(), Array.from({ length: 10 }, (_, i) => `dgram-${i}@true`).sort());
}

(async () => {
  for (const f of [tcpEcho, tcpMany, halfClose, refused, httpRoundTrips, udp]) {
    try { await f(); } catch (e) { check(`${f.name} runs to the end`, `threw ${e && e.code || ''} ${e && e.message}`, 'no exception'); }
  }
  finish('loopback network');
})();
