'use strict';
// What node:os and process report about the machine. A program sizing a thread pool with
// os.cpus().length or os.availableParallelism() relies on these. Exits 1 on a wrong answer.
const os = require('node:os');
const path = require('node:path');
const fs = require('node:fs');

const { check, finish } = require('./tap.js');
const cpus = os.cpus();
check('os.cpus() is non-empty', cpus.length > 0, true);
check('cpus have a model string', cpus.every((c) => typeof c.model === 'string' && c.model.length > 0), true);
check('cpus have time counters', cpus.every((c) => Object.values(c.times).every((t) => Number.isFinite(t))), true);
check('availableParallelism >= 1', os.availableParallelism() >= 1, true);
check('availableParallelism == cpus().length', os.availableParallelism() === cpus.length, true);
check('totalmem > 64 MiB', os.totalmem() > 64 * 1024 * 1024, true);
check('freemem <= totalmem', os.freemem() > 0 && os.freemem() <= os.totalmem(), true);
check('uptime > 0', os.uptime() > 0, true);
check('hostname non-empty', os.hostname().length > 0, true);
check('tmpdir exists', fs.statSync(os.tmpdir()).isDirectory(), true);
check('homedir exists', fs.statSync(os.homedir()).isDirectory(), true);
check('userInfo username', os.userInfo().username.length > 0, true);
check('loopback interface', Object.values(os.networkInterfaces()).flat().some((i) => i.address === '127.0.0.1' || i.internal), true);
check('endianness', os.endianness(), 'LE');
check('EOL matches platform', os.EOL, process.platform === 'win32' ? '\r\n' : '\n');
check('path.sep matches platform', path.sep, process.platform === 'win32' ? '\\' : '/');
check('process.cwd() is a directory', fs.statSync(process.cwd()).isDirectory(), true);
check('memoryUsage rss > 0', process.memoryUsage().rss > 0, true);
check('hrtime.bigint advances', process.hrtime.bigint() < process.hrtime.bigint(), true);
console.log(`info: platform=${process.platform} arch=${process.arch} (not compared)`);
finish('os');
