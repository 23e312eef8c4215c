// The runtimes `npm run bench -- --runtime …` can measure. Node binaries other than the one
// running come from scripts/node-versions.mjs; browsers are Debian's (scripts/browsers.mjs).

export const RUNTIMES = {
  node20: { label: 'Node 20 (end of life; the declared minimum)' },
  node22: { label: 'Node 22 (maintenance LTS)' },
  node24: { label: 'Node 24 (active LTS)' },
  node26: { label: 'Node 26 (current)' },
  chromium: { label: 'Chromium, headless (Debian package chromium)', browser: 'chromium' },
  firefox: { label: 'Firefox ESR, headless (Debian package firefox-esr)', browser: 'firefox' },
};

const GROUPS = {
  all: Object.keys(RUNTIMES),
  node: Object.keys(RUNTIMES).filter((r) => r.startsWith('node')),
  browsers: Object.keys(RUNTIMES).filter((r) => RUNTIMES[r].browser),
};

/** Order of the runtimes in reports: the ones users run most first. */
export const REPORT_ORDER = ['node24', 'chromium', 'node26', 'firefox', 'node22', 'node20'];

export const isNode = (runtime) => /^node\d+$/.test(runtime);

/** The runtime id of the Node running this, e.g. "node24". */
export const thisNode = () => `node${process.versions.node.split('.')[0]}`;

/** "node24,chromium" or a group (all, node, browsers) as a list of runtime ids. */
export function expandRuntimes(spec) {
  const list = spec.split(',').map((s) => s.trim()).filter(Boolean).flatMap((s) => GROUPS[s] ?? [s]);
  const unknown = list.filter((r) => !RUNTIMES[r] && !(typeof process !== 'undefined' && r === thisNode()));
  if (unknown.length || !list.length) {
    throw new Error(`unknown runtime(s) ${unknown.join(', ') || '(none given)'}; known: ${Object.keys(RUNTIMES).join(', ')}, or all, node, browsers`);
  }
  return [...new Set(list)];
}
