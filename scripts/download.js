'use strict';
// Streams a large file (the official LibTorch archive) to disk: never held in
// memory, resumable (a Range request continues <dest>.partial, guarded by
// If-Range so a changed file is not spliced), checked (sha256: given, or
// published by the server next to the file as <url>.sha256; otherwise the size
// and the sha256 of what arrived are returned to be recorded), through
// HTTPS_PROXY / HTTP_PROXY (an HTTP CONNECT tunnel made with Node's own http;
// NO_PROXY honoured), following redirects. Node built-ins only.
const fs = require('fs');
const http = require('http');
const https = require('https');
const tls = require('tls');
const crypto = require('crypto');
const { pipeline } = require('stream/promises');
const { Transform } = require('stream');

function envGet(env, name) {
  return env[name] || env[name.toLowerCase()] || '';
}

/** The proxy URL to use for `url` (a URL), or null: HTTPS_PROXY / HTTP_PROXY / ALL_PROXY, unless NO_PROXY matches. */
function proxyFor(url, env = process.env) {
  const noProxy = envGet(env, 'NO_PROXY');
  if (noProxy) {
    const host = url.hostname.toLowerCase();
    for (let p of noProxy.split(/[\s,]+/).filter(Boolean)) {
      p = p.toLowerCase();
      if (p === '*') return null;
      const [ph, pp] = p.split(':');
      if (pp && pp !== (url.port || (url.protocol === 'https:' ? '443' : '80'))) continue;
      const bare = ph.replace(/^\*?\./, '');
      if (host === bare || host.endsWith(`.${bare}`)) return null;
    }
  }
  const p = (url.protocol === 'https:' ? envGet(env, 'HTTPS_PROXY') : envGet(env, 'HTTP_PROXY')) || envGet(env, 'ALL_PROXY');
  if (!p) return null;
  return new URL(/^[a-z]+:\/\//i.test(p) ? p : `http://${p}`);
}

/** A socket to `url`'s host through an HTTP CONNECT tunnel at `proxy`. */
function tunnel(url, proxy) {
  const port = url.port || (url.protocol === 'https:' ? 443 : 80);
  const target = `${url.hostname}:${port}`;
  const headers = { Host: target };
  if (proxy.username) headers['Proxy-Authorization'] = `Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}`;
  const mod = proxy.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request({ host: proxy.hostname, port: proxy.port || (proxy.protocol === 'https:' ? 443 : 80), method: 'CONNECT', path: target, headers });
    req.on('connect', (res, socket) => {
      if (res.statusCode !== 200) {
        socket.destroy();
        return reject(new Error(`proxy ${proxy.host} refused CONNECT ${target}: HTTP ${res.statusCode}`));
      }
      if (url.protocol !== 'https:') return resolve(socket);
      const s = tls.connect({ socket, servername: url.hostname });
      s.once('secureConnect', () => resolve(s));
      s.once('error', (e) => { socket.destroy(); reject(e); });
      s.once('close', () => socket.destroy());
    });
    req.on('error', (e) => reject(new Error(`proxy ${proxy.host}: ${e.message}`)));
    req.end();
  });
}

/** GET `url` (following up to 5 redirects); resolves with the response, unread. */
async function get(url, { headers = {}, env = process.env, redirects = 5 } = {}) {
  const u = new URL(url);
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error(`unsupported URL ${url}`);
  const proxy = proxyFor(u, env);
  const socket = proxy ? await tunnel(u, proxy) : null;
  const mod = u.protocol === 'https:' ? https : http;
  const res = await new Promise((resolve, reject) => {
    const opts = { method: 'GET', headers: { 'User-Agent': 'torch-node', ...headers } };
    if (socket) Object.assign(opts, { agent: false, createConnection: () => socket });
    const req = mod.request(u, opts, resolve);
    req.on('error', reject);
    req.setTimeout(60000, () => req.destroy(new Error(`no answer from ${u.host} in 60 s`)));
    req.end();
  });
  // a tunnel serves one request: closed when its response is done, or it would keep the process alive
  if (socket) { res.once('end', () => socket.destroy()); res.once('close', () => socket.destroy()); }
  if ([301, 302, 303, 307, 308].includes(res.statusCode) && res.headers.location) {
    res.resume();
    if (redirects <= 0) throw new Error(`too many redirects at ${url}`);
    return get(new URL(res.headers.location, u).href, { headers, env, redirects: redirects - 1 });
  }
  return res;
}

/** The sha256 the server publishes next to `url` (<url>.sha256), or null. */
async function publishedSha256(url, env) {
  try {
    const res = await get(`${url}.sha256`, { env });
    if (res.statusCode !== 200) { res.resume(); return null; }
    let text = '';
    for await (const c of res) { text += c; if (text.length > 4096) break; }
    const m = /\b([a-f0-9]{64})\b/i.exec(text);
    return m ? m[1].toLowerCase() : null;
  } catch { return null; }
}

async function sha256File(file) {
  const h = crypto.createHash('sha256');
  await pipeline(fs.createReadStream(file), h);
  return h.digest('hex');
}

/**
 * Downloads `url` to `dest`. Options: sha256 (the expected hex digest; else the
 * server's <url>.sha256 if it has one), onProgress(received, total), env.
 * Resolves with { file, size, sha256, verified: 'sha256' | 'size', resumedFrom }.
 */
async function download(url, dest, { sha256 = null, onProgress = () => {}, env = process.env } = {}) {
  const partial = `${dest}.partial`;
  const metaFile = `${partial}.json`;
  let meta = null;
  try { meta = JSON.parse(fs.readFileSync(metaFile, 'utf8')); } catch { /* none */ }
  let start = 0;
  if (meta && meta.url === url && fs.existsSync(partial)) start = fs.statSync(partial).size;
  else fs.rmSync(partial, { force: true });
  const headers = {};
  if (start > 0) {
    headers.Range = `bytes=${start}-`;
    if (meta.etag || meta.lastModified) headers['If-Range'] = meta.etag || meta.lastModified;
  }
  const res = await get(url, { headers, env });
  let total = null;
  if (res.statusCode === 206) {
    const m = /\/(\d+)\s*$/.exec(res.headers['content-range'] || '');
    total = m ? Number(m[1]) : null;
  } else if (res.statusCode === 200) {
    start = 0;  // no range support, or the file changed (If-Range): start over
    total = res.headers['content-length'] != null ? Number(res.headers['content-length']) : null;
  } else if (res.statusCode === 416 && start > 0) {
    res.resume();
    fs.rmSync(partial, { force: true });
    fs.rmSync(metaFile, { force: true });
    return download(url, dest, { sha256, onProgress, env });
  } else {
    res.resume();
    throw new Error(`download of ${url} failed: HTTP ${res.statusCode}`);
  }
  fs.writeFileSync(metaFile, JSON.stringify({ url, etag: res.headers.etag || null, lastModified: res.headers['last-modified'] || null, total }));
  let received = start;
  onProgress(received, total);
  const counter = new Transform({
    transform(chunk, _enc, cb) { received += chunk.length; onProgress(received, total); cb(null, chunk); },
  });
  await pipeline(res, counter, fs.createWriteStream(partial, { flags: start > 0 ? 'a' : 'w' }));
  const size = fs.statSync(partial).size;
  if (total != null && size !== total) {
    throw new Error(`download of ${url} ended at ${size} of ${total} bytes; run the same command again to resume`);
  }
  const want = (sha256 && sha256.toLowerCase()) || await publishedSha256(url, env);
  const got = await sha256File(partial);
  if (want && want !== got) {
    fs.rmSync(partial, { force: true });
    fs.rmSync(metaFile, { force: true });
    throw new Error(`checksum mismatch for ${url}: expected sha256 ${want}, got ${got} (the download was deleted)`);
  }
  fs.renameSync(partial, dest);
  fs.rmSync(metaFile, { force: true });
  return { file: dest, size, sha256: got, verified: want ? 'sha256' : 'size', resumedFrom: headers.Range && res.statusCode === 206 ? Number(headers.Range.slice(6, -1)) : 0 };
}

module.exports = { download, get, proxyFor, sha256File };
