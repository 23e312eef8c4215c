// Developer tool: checks that two builds compute bitwise the same, export by export, over
// many inputs (seeded random over every exponent, special values) and parameter sets.
//   node scripts/dev/bitwise-wasm.mjs old.wasm new.wasm [--constants build/constants.bin]
// NaNs compare equal whatever their bits. Each module gets its own memory with the constants block written in (harmless for
// builds that do not read it). Exports present in only one build are listed, not compared.
import { readFileSync } from 'node:fs';
import { EXPORTS, KINDS } from '../kernel-table.mjs';

const args = process.argv.slice(2);
const files = args.filter((a) => a.endsWith('.wasm'));
const ci = args.indexOf('--constants');
const constants = readFileSync(ci >= 0 ? args[ci + 1] : new URL('../../build/constants.bin', import.meta.url));
const N = 1 << 16;
const ADDRESS = 32768;

function instance(file) {
  const module = new WebAssembly.Module(readFileSync(file));
  // Threads builds import a shared memory.
  for (const shared of [false, true]) {
    const memory = new WebAssembly.Memory(shared ? { initial: 64, maximum: 65536, shared } : { initial: 64 });
    new Uint8Array(memory.buffer).set(constants, ADDRESS);
    try {
      return { memory, exports: new WebAssembly.Instance(module, { env: { memory } }).exports };
    } catch (e) {
      if (!(e instanceof WebAssembly.LinkError) || shared) throw e;
    }
  }
}

/** Inputs: random bit patterns biased to |x| < 100, every 64th a special value. */
function inputs(seed) {
  const a = new Float32Array(N);
  const u = new Uint32Array(a.buffer);
  const special = [0, -0, 1, -1, Infinity, -Infinity, NaN, 1e-40, -1e-40, 88.7, -88.7, 103.9, -103.9, 17.3, -17.3, 0.5];
  let s = seed >>> 0;
  for (let i = 0; i < N; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    if (i % 64 === 0) a[i] = special[(i >> 6) % special.length];
    else if (i % 3 === 0) u[i] = s;
    else a[i] = ((s / 2 ** 32) * 2 - 1) * (i % 5 === 0 ? 120 : 12);
  }
  return a;
}

const [A, B] = files.map(instance);
const X = 65536 * 4; // operands from 256 KiB, N elements apart
const slot = (k) => X + k * (N * 4 + 4096);
const params = [[1, 0], [0.5, 20], [-1.5, 3], [2, -0.25], [1e-3, 1e3]];
let compared = 0;
let differing = 0;
const missing = [];
for (const row of EXPORTS) {
  const fa = A.exports[row.name];
  const fb = B.exports[row.name];
  if (!fa || !fb) {
    missing.push(row.name);
    continue;
  }
  const kind = KINDS[row.kind];
  for (const [pa, pb] of params) {
    const results = [A, B].map(({ memory, exports }, m) => {
      const f32 = new Float32Array(memory.buffer);
      const ins = kind.params.filter((p) => !['y', 'dx', 'n', 'rows', 'len'].includes(p));
      ins.forEach((_, k) => f32.set(inputs(k + 1), slot(k) >> 2));
      const addr = ins.map((_, k) => slot(k));
      const out = slot(ins.length);
      let r;
      switch (row.kind) {
        case 'map': exports[row.name](addr[0], out, N, pa, pb); break;
        case 'pair': exports[row.name](addr[0], addr[1], out, N, pa, pb); break;
        case 'triple': exports[row.name](addr[0], addr[1], addr[2], out, N, pa, pb); break;
        case 'rows': exports[row.name](addr[0], out, N / 256, 256, pa, pb); break;
        case 'rowsPair': exports[row.name](addr[0], addr[1], out, N / 256, row.name.startsWith('glu') ? 128 : 256, pa, pb); break;
        case 'reduce': r = exports[row.name](addr[0], N, pa, pb); break;
        case 'reducePair': r = exports[row.name](addr[0], addr[1], N, pa, pb); break;
      }
      return { bits: new Uint32Array(memory.buffer, out, N).slice(), r };
    });
    compared++;
    const [ra, rb] = results;
    let d = Object.is(ra.r, rb.r) || (Number.isNaN(ra.r) && Number.isNaN(rb.r)) ? 0 : 1;
    // NaN bit patterns may differ between V8's tiers (wasm leaves them unspecified): any NaN matches any NaN.
    const isNaN32 = (u) => (u & 0x7fffffff) > 0x7f800000;
    for (let i = 0; i < N; i++) if (ra.bits[i] !== rb.bits[i] && !(isNaN32(ra.bits[i]) && isNaN32(rb.bits[i]))) d++;
    if (d > 0) {
      differing++;
      console.log(`${row.name} (a=${pa}, b=${pb}): ${d} of ${N} differ`);
    }
  }
}
console.log(`${compared} export × parameter runs of ${N} elements compared, ${differing} differ${missing.length ? `; not in both: ${missing.join(', ')}` : ''}`);
process.exitCode = differing > 0 ? 1 : 0;
