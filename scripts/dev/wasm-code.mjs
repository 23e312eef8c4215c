// Developer tool: what V8 makes of a kernel's hot loop. Runs a child under
// `node --print-wasm-code` (any Node binary), calls the given exports until TurboFan has
// compiled them, then finds each export's optimized code, its innermost loops (backward
// jumps) and reports, for the largest loop: instructions, elements per iteration (from the
// number of 16-byte stores), constant rematerialisation (movabs / vmovq / vpunpcklqdq
// / broadcasts), stack traffic (spills and reloads), divisions and FMAs.
//   node scripts/dev/wasm-code.mjs [--node path] [--build build/wasm-relaxed.wasm]
//        [--dump] sigmoid_forward,tanh_forward,...
// (The same numbers are repeatable whatever the machine's load: they are the code itself.)
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};

if (args.includes('--child')) {
  const file = opt('build');
  const bytes = readFileSync(file);
  const memory = new WebAssembly.Memory({ initial: 200, maximum: 65536, shared: /threads/.test(file) });
  new Uint8Array(memory.buffer).set(readFileSync(new URL('../../build/constants.bin', import.meta.url)), 32768);
  const module = new WebAssembly.Module(bytes);
  const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
  const names = opt('exports').split(',');
  const n = 1 << 16;
  const x = 1 << 20;
  const y = x + 4 * n + 4096;
  const f32 = new Float32Array(memory.buffer, x, n);
  for (let i = 0; i < n; i++) f32[i] = Math.sin(i) * 8;
  for (let r = 0; r < 200; r++) {
    for (const name of names) {
      if (name.includes('_rows')) exports[name](x, y, 64, 1024, 0, 0);
      else if (/_backward|_grad_write|^glu_pair|^slopes|^product/.test(name)) exports[name](x, x, y, n, 1, 0);
      else exports[name](x, y, n, 1, 0);
    }
  }
  process.exit(0);
}

const node = opt('node', process.execPath);
const build = opt('build', fileURLToPath(new URL('../../build/wasm-simd.wasm', import.meta.url)));
const names = (args.filter((a) => !a.startsWith('--') && !/\.wasm$|\/node$/.test(a)).pop() ?? 'sigmoid_forward').split(',');
const child = spawnSync(node, ['--print-wasm-code', fileURLToPath(import.meta.url), '--child', '--build', build, '--exports', names.join(',')], {
  encoding: 'utf8', maxBuffer: 1 << 30,
});
if (child.status !== 0) throw new Error(child.stderr);
const out = child.stdout;

/** Optimized code blocks by wasm function index: [address, instruction] lines. */
function optimized() {
  const blocks = new Map();
  for (const block of out.split('--- WebAssembly code ---').slice(1)) {
    const index = /name: wasm-function\[(\d+)\]/.exec(block)?.[1];
    if (index === undefined || !/compiler: (TurboFan|Turboshaft)/.test(block)) continue;
    const lines = [];
    for (const line of block.split('\n')) {
      const m = /^(0x[0-9a-f]+)\s+[0-9a-f]+\s+[0-9a-f]+\s+(.*)$/.exec(line);
      if (m) lines.push([Number.parseInt(m[1], 16), m[2].trim()]);
    }
    blocks.set(Number(index), lines);
  }
  return blocks;
}

/** The index V8 prints (wasm-function[i], imports first) of an export's function, from the module's sections. */
function functionOf(name) {
  const bytes = readFileSync(build);
  let p = 8;
  const leb = () => {
    let r = 0;
    let s = 0;
    for (;;) {
      const b = bytes[p++];
      r |= (b & 0x7f) << s;
      s += 7;
      if (b < 0x80) return r >>> 0;
    }
  };
  let imported = 0;
  while (p < bytes.length) {
    const id = bytes[p++];
    const size = leb();
    const end = p + size;
    if (id === 2) {
      for (let n = leb(); n > 0; n--) {
        p += leb(); // module name
        p += leb(); // field name
        const kind = bytes[p++];
        if (kind === 0) { imported++; leb(); }
        else if (kind === 2) { const flags = bytes[p++]; leb(); if (flags & 1) leb(); }
        else if (kind === 3) { p += 2; }
        else if (kind === 1) { p++; const flags = bytes[p++]; leb(); if (flags & 1) leb(); }
      }
    } else if (id === 7) {
      for (let n = leb(); n > 0; n--) {
        const len = leb();
        const field = bytes.subarray(p, p + len).toString();
        p += len;
        const kind = bytes[p++];
        const index = leb();
        if (kind === 0 && field === name) return index;
      }
    }
    p = end;
  }
  throw new Error(`no export ${name}`);
}

/**
 * Constant materialisation: movabs + vmovq xmm,r + vpunpcklqdq x,x,x, or a broadcast of a
 * register or of a fixed address. (A broadcast from [base+index] is a data load, the tail
 * of a max reduction; vpunpcklqdq of two different registers joins two f64x2 halves.)
 */
const REMAT = /^(REX\.W )?movabs|^vmovq xmm\d+,r|^vpunpcklqdq (xmm\d+),\1,\1|^vpbroadcast|^vbroadcastss xmm\d+,(xmm|\[r\w+\+0x)/;

/** Loops (a jump back to an earlier address) that contain no other loop: [{ start, end }]. */
function innermost(lines) {
  const ranges = [];
  for (const [addr, text] of lines) {
    const m = /^j\w*\s+(0x[0-9a-f]+)/.exec(text);
    if (m && Number.parseInt(m[1], 16) < addr) ranges.push({ start: Number.parseInt(m[1], 16), end: addr });
  }
  return ranges.filter((r) => !ranges.some((q) => q !== r && q.start >= r.start && q.end <= r.end && (q.start !== r.start || q.end !== r.end)));
}

const blocks = optimized();
const rows = [];
for (const name of names) {
  const lines = blocks.get(functionOf(name));
  if (!lines) {
    rows.push(`${name}: no optimized code found`);
    continue;
  }
  // The hot loop: the largest innermost loop.
  let best;
  for (const r of innermost(lines)) if (!best || r.end - r.start > best.end - best.start) best = r;
  if (!best) {
    rows.push(`${name}: no loop`);
    continue;
  }
  const loop = lines.filter(([a]) => a >= best.start && a <= best.end).map(([, t]) => t);
  const count = (re) => loop.filter((t) => re.test(t)).length;
  const vectors = count(/^vmovdqu \[[^\]]+\],xmm|^vmovups \[r[a-z0-9]+\+/);
  const stats = {
    instructions: loop.length,
    stores16: vectors,
    remat: count(REMAT),
    spillStores: count(/^vmov\w+ \[rbp-/),
    reloads: count(/^vmov\w+ xmm\d+,\[rbp-/) + count(/xmm\d+,xmm\d+,\[rbp-/),
    div: count(/^vdivp/),
    fma: count(/^vfn?madd/),
  };
  rows.push(`${name.padEnd(26)} ${Object.entries(stats).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  if (args.includes('--dump')) console.log(`--- ${name}\n${loop.join('\n')}`);
}
console.log(`${build} under ${node} (${spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim()}):`);
console.log(rows.join('\n'));

// Every optimized function (callees included, such as the softmax row passes): constant
// rematerialisation inside any innermost loop (outer loops, such as softmax's row loop,
// run their splats once per row).
let loops = 0;
const found = [];
for (const [index, lines] of blocks) {
  const ranges = innermost(lines);
  loops += ranges.length;
  for (const { start, end } of ranges) {
    const remat = lines.filter(([a, t]) => a >= start && a <= end && REMAT.test(t));
    if (remat.length > 0) found.push(`wasm-function[${index}] loop at +${start.toString(16)}: ${remat.map(([, t]) => t).join('; ')}`);
  }
}
console.log(`${blocks.size} optimized functions, ${loops} innermost loops; constants rematerialised inside one: ${found.length === 0 ? 'none' : `\n  ${found.join('\n  ')}`}`);
