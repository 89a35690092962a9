// Trunk post-build hook (Trunk.toml), run in the staging directory:
// 1. writes sw.js, the service worker that precaches every file of this
//    build under a version derived from their contents (offline use);
// 2. puts a strict Content-Security-Policy in index.html. Trunk's loader is
//    one inline module script; it is allowed by its sha256 hash, so no other
//    inline script (and no injected one) can run.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) { console.error('postbuild.mjs: TRUNK_STAGING_DIR is not set (run through trunk build)'); process.exit(1); }

// --- the Content-Security-Policy (first: it changes index.html) ---
const indexFile = path.join(dir, 'index.html');
let html = fs.readFileSync(indexFile, 'utf8');
const hashes = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)]
  .filter((m) => !/\bsrc=/.test(m[1]))
  .map((m) => `'sha256-${crypto.createHash('sha256').update(m[2], 'utf8').digest('base64')}'`);
if (hashes.length === 0) { console.error('postbuild.mjs: no inline loader script found in index.html'); process.exit(1); }
const policy = [
  "default-src 'none'",
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`,
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "manifest-src 'self'",
  "worker-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');
html = html.replace(/<head>/, `<head>\n  <meta http-equiv="Content-Security-Policy" content="${policy}">`);
fs.writeFileSync(indexFile, html);

// --- the service worker ---
const files = [];
(function walk(d) {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name !== 'sw.js') files.push(path.relative(dir, p).split(path.sep).join('/'));
  }
})(dir);
files.sort();
const digest = crypto.createHash('sha256');
for (const f of files) digest.update(f).update(fs.readFileSync(path.join(dir, f)));
const version = `headroom-${digest.digest('hex').slice(0, 16)}`;
const template = fs.readFileSync(new URL('../www/sw-template.js', import.meta.url), 'utf8');
fs.writeFileSync(path.join(dir, 'sw.js'), template
  .replace('__VERSION__', version)
  .replace('__FILES__', JSON.stringify(files)));
console.log(`postbuild.mjs: CSP with ${hashes.length} script hash(es); sw.js caches ${files.length} files as ${version}`);

// --- 404.html: the app itself, for static hosts that serve it for unknown
// paths (GitHub Pages, Netlify, ...): a link whose `#` was escaped as `%23`
// then still opens its plan (the page reads the link from the path).
fs.copyFileSync(indexFile, path.join(dir, '404.html'));
