// One runtime's bench: every (size, case) measured over every implementation that has the
// case, with progress and an ETA. Browser-safe: Node (bench/run.mjs) and the bench page
// (bench/browser/page.mjs) both run this, each with its own sampler and peers.

import { CaseIO, makeSources } from './inputs.mjs';
import { measureCase } from './measure.mjs';
import { fmt, sizeLabel } from './stats.mjs';

/** Rounds per size unless --rounds: 16 Mi calls are long, so fewer rounds there. */
export const defaultRounds = (n) => (n >= 2 ** 24 ? 3 : 4);

/** Relative cost of one (size, case) for the ETA: sampled runs last about as long at every size; copies and direct timings grow with n. */
const weight = (n, rounds) => rounds * (1 + n / 2 ** 21);

function clock(seconds) {
  const s = Math.max(0, Math.round(seconds));
  return s >= 3600 ? `${Math.floor(s / 3600)}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`
    : `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * Measures `cases` × `impls` at each size. `report(line)` gets one progress line per (size,
 * case), with the count done, the elapsed time and an ETA. Resolves to
 * results[n][caseId][implId] = { melems, rounds, direct, maxAbsDiff?, error? }.
 */
export async function runCases({ cases, impls, ourImpls, sizes, rounds, ctx, sampler, report = () => {}, label = '' }) {
  const sources = makeSources(sizes[sizes.length - 1]);
  // Pre-warm this package's kernels at a small size so the first large call is not
  // measured in the baseline tier (relevant when the sizes start large).
  for (const c of cases) {
    const io = new CaseIO(c, 4096, sources);
    await measureCase({ c, io, impls: ourImpls.filter((im) => impls.includes(im)), rounds: 0, ctx, check: false, sampler });
  }
  const total = sizes.reduce((s, n) => s + cases.length * weight(n, rounds[n]), 0);
  const started = performance.now();
  let done = 0;
  let count = 0;
  const results = {};
  for (const n of sizes) {
    results[n] = {};
    for (const c of cases) {
      const io = new CaseIO(c, n, sources);
      const use = impls.filter((im) => (!im.has || im.has(c)) && !(im.maxSize && n > im.maxSize));
      const t = performance.now();
      const row = await measureCase({ c, io, impls: use, rounds: rounds[n], ctx, check: n === sizes[0], sampler });
      results[n][c.id] = row;
      done += weight(n, rounds[n]);
      count++;
      const elapsed = (performance.now() - started) / 1e3;
      const eta = (elapsed / done) * (total - done);
      await report(`${label}[${count}/${sizes.length * cases.length} ${clock(elapsed)} elapsed, ETA ${clock(eta)}] ${sizeLabel(n)} ${c.id} `
        + `(${((performance.now() - t) / 1e3).toFixed(1)} s): `
        + use.map((im) => `${im.id} ${row[im.id]?.error ? 'err' : fmt(row[im.id]?.melems)}`).join(' | '));
    }
  }
  return results;
}
