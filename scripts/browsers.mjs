// Opens a URL in one of the browsers Debian ships, headless, with a fresh profile, and
// closes it again: Chromium, Firefox ESR, and WebKitGTK's MiniBrowser (driven by
// WebKitWebDriver under xvfb-run, since it has no headless mode). Used by the browser test
// suites (scripts/open-browser.js) and by the cross-runtime bench (bench/browser/run.mjs).
// The pages report back on their own (vitest's websocket, the bench page's POSTs), so no
// automation protocol is needed beyond WebKit's, which cannot be started on a URL otherwise.
//
//   const b = await openBrowser('firefox', url);  …  await b.close();

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Flags for a quiet headless Chromium on a machine without network or GPU. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

/** Firefox preferences for a run with no first-run pages, updates or telemetry. */
const FIREFOX_PREFS = {
  'browser.shell.checkDefaultBrowser': false,
  'browser.startup.homepage_override.mstone': 'ignore',
  'browser.aboutwelcome.enabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'datareporting.healthreport.uploadEnabled': false,
  'toolkit.telemetry.reportingpolicy.firstRun': false,
  'app.update.disabledForTesting': true,
  'extensions.update.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'dom.disable_open_during_load': false,
};

function which(cmd) {
  try {
    return execFileSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** MiniBrowser ships in libwebkit2gtk-4.1-0, outside PATH; dpkg knows where. */
function miniBrowserPath() {
  if (process.env.MINIBROWSER_PATH) return process.env.MINIBROWSER_PATH;
  try {
    const line = execFileSync('dpkg', ['-S', 'MiniBrowser'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .split('\n').find((l) => /\/MiniBrowser$/.test(l));
    return line?.split(': ')[1]?.trim();
  } catch {
    return undefined;
  }
}

/**
 * What a browser needs on this machine: the executables (undefined where missing) and the
 * Debian packages that provide them.
 */
export const BROWSERS = {
  chromium: {
    label: 'Chromium',
    packages: ['chromium'],
    paths: () => ({ browser: process.env.CHROMIUM_PATH || which('chromium') }),
  },
  firefox: {
    label: 'Firefox ESR',
    packages: ['firefox-esr'],
    paths: () => ({ browser: process.env.FIREFOX_PATH || which('firefox-esr') || which('firefox') }),
  },
  webkit: {
    label: 'WebKitGTK MiniBrowser',
    packages: ['webkit2gtk-driver', 'xvfb'],
    paths: () => ({ driver: which('WebKitWebDriver'), browser: miniBrowserPath(), xvfb: which('xvfb-run') }),
  },
};

/** Why `name` cannot run here (a missing executable or package), or undefined when it can. */
export function missing(name) {
  const spec = BROWSERS[name];
  if (!spec) return `unknown browser ${name} (known: ${Object.keys(BROWSERS).join(', ')})`;
  const paths = spec.paths();
  const absent = Object.entries(paths).filter(([k, v]) => !v || !existsSync(v)).map(([k]) => k);
  // xvfb-run is only needed without a display.
  const needed = absent.filter((k) => !(k === 'xvfb' && process.env.DISPLAY));
  if (!needed.length) return undefined;
  return `${spec.label}: ${needed.join(', ')} not found (apt-get install -y ${spec.packages.join(' ')})`;
}

/** The browser's version string, e.g. "Mozilla Firefox 153.8.0esr". */
export function browserVersion(name) {
  const reason = missing(name);
  if (reason) return `not installed (${reason})`;
  const paths = BROWSERS[name].paths();
  try {
    if (name === 'webkit') {
      const v = execFileSync('dpkg-query', ['-W', '-f', '${Version}', 'libwebkit2gtk-4.1-0'], { encoding: 'utf8' }).trim();
      return `WebKitGTK ${v} (MiniBrowser, WebKitWebDriver)`;
    }
    // Debian's chromium wrapper script prints a shell warning on stderr: keep stdout only.
    return execFileSync(paths.browser, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, MOZ_HEADLESS: '1' } }).trim();
  } catch (e) {
    return `unknown (${e.message.split('\n')[0]})`;
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Starts `cmd` in its own process group so close() can end it with all its children. */
function start(cmd, args, env) {
  const child = spawn(cmd, args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr = (stderr + d).slice(-4000); });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, stderr })));
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
    const done = await Promise.race([exited.then(() => true), sleep(3000).then(() => false)]);
    if (!done) try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
  };
  return { child, exited, kill, stderr: () => stderr };
}

async function webdriver(base, method, path, body) {
  const r = await fetch(base + path, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(`WebKitWebDriver ${method} ${path}: ${r.status} ${JSON.stringify(json.value ?? json).slice(0, 300)}`);
  return json.value;
}

async function openWebKit(url, paths) {
  const port = await freePort();
  const args = [`--port=${port}`];
  const proc = process.env.DISPLAY
    ? start(paths.driver, args)
    : start(paths.xvfb, ['-a', '-s', '-screen 0 1280x1024x24', paths.driver, ...args]);
  const base = `http://127.0.0.1:${port}`;
  let ready = false;
  for (let i = 0; i < 100 && !ready; i++) {
    await sleep(100);
    ready = await fetch(`${base}/status`).then((r) => r.ok, () => false);
  }
  if (!ready) {
    await proc.kill();
    throw new Error(`WebKitWebDriver did not start: ${proc.stderr().slice(-500)}`);
  }
  let session;
  try {
    session = await webdriver(base, 'POST', '/session', {
      capabilities: {
        alwaysMatch: {
          browserName: 'MiniBrowser',
          'webkitgtk:browserOptions': { binary: paths.browser, args: ['--automation'] },
        },
      },
    });
    await webdriver(base, 'POST', `/session/${session.sessionId}/url`, { url });
  } catch (e) {
    await proc.kill();
    throw e;
  }
  return {
    version: `WebKitGTK ${session.capabilities?.browserVersion ?? '?'}`,
    exited: proc.exited,
    close: async () => {
      await webdriver(base, 'DELETE', `/session/${session.sessionId}`).catch(() => {});
      await proc.kill();
    },
  };
}

/**
 * Opens `url` in browser `name` ('chromium' | 'firefox' | 'webkit'). Resolves to
 * { exited: Promise<{code, signal, stderr}>, close(): Promise<void> }; throws with the
 * reason when the browser is missing or does not start.
 */
export async function openBrowser(name, url) {
  const reason = missing(name);
  if (reason) throw new Error(reason);
  const paths = BROWSERS[name].paths();
  if (name === 'webkit') return openWebKit(url, paths);
  const profile = mkdtempSync(join(tmpdir(), `${name}-profile-`));
  let proc;
  if (name === 'chromium') {
    proc = start(paths.browser, [...CHROMIUM_ARGS, '--headless=new', `--user-data-dir=${profile}`, url]);
  } else {
    writeFileSync(join(profile, 'user.js'), Object.entries(FIREFOX_PREFS).map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});\n`).join(''));
    proc = start(paths.browser, ['--headless', '--no-remote', '--profile', profile, url], { MOZ_HEADLESS: '1' });
  }
  return {
    exited: proc.exited,
    close: async () => {
      await proc.kill();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

// `node scripts/browsers.mjs check NAME` exits 1 with the reason when NAME cannot run here;
// `node scripts/browsers.mjs versions [NAME…]` prints each browser's version.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [command, ...names] = process.argv.slice(2);
  if (command === 'check' && names.length === 1) {
    const reason = missing(names[0]);
    if (reason) {
      console.log(reason);
      process.exit(1);
    }
  } else if (command === 'versions') {
    for (const name of names.length ? names : Object.keys(BROWSERS)) console.log(`${name}: ${browserVersion(name)}`);
  } else {
    console.error('usage: node scripts/browsers.mjs check NAME | versions [NAME…]');
    process.exit(2);
  }
}
