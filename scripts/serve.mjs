// A tiny static file server (no dependencies) for the web demo and the browser tests.
//
//   node scripts/serve.mjs [--port 8080] [--host 127.0.0.1]
//
// serves demo/ at / and the built package (dist/) at /dist/, where the demo's import map
// points 'wasm-activations'. Imported by the tests to serve bundler outputs with chosen
// response headers (for example a Content-Security-Policy).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * An http.Server for `mounts`: [{ prefix: '/x/', dir, headers? }], longest prefix first.
 * Directories answer with their index.html; nothing outside a mount's dir is served.
 */
export function createStaticServer(mounts) {
  const sorted = [...mounts].sort((a, b) => b.prefix.length - a.prefix.length);
  return createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    const mount = sorted.find((m) => path.startsWith(m.prefix));
    if (!mount || (req.method !== 'GET' && req.method !== 'HEAD')) return notFound(res);
    const root = resolve(mount.dir);
    let file = normalize(join(root, path.slice(mount.prefix.length)));
    if (file !== root && !file.startsWith(root + sep)) return notFound(res);
    try {
      let info = await stat(file);
      if (info.isDirectory()) {
        file = join(file, 'index.html');
        info = await stat(file);
      }
      res.writeHead(200, {
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Content-Length': info.size,
        'Cache-Control': 'no-store',
        ...mount.headers,
      });
      if (req.method === 'HEAD') return res.end();
      createReadStream(file).pipe(res);
    } catch {
      notFound(res);
    }
  });
}

function notFound(res) {
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end('not found');
}

/** Starts `server` on host:port (0 = any free port); resolves to its base URL. */
export function listen(server, port = 0, host = '127.0.0.1') {
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => ok(`http://${host}:${server.address().port}/`));
  });
}

/** Mounts of the web demo: demo/ at / and dist/ at /dist/. */
export function demoMounts(root = fileURLToPath(new URL('..', import.meta.url))) {
  return [
    { prefix: '/', dir: join(root, 'demo') },
    { prefix: '/dist/', dir: join(root, 'dist') },
  ];
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : fallback;
  };
  const url = await listen(createStaticServer(demoMounts()), Number(arg('--port', 8080)), arg('--host', '127.0.0.1'));
  console.log(`wasm-activations demo: ${url}  (Ctrl-C stops)`);
}
