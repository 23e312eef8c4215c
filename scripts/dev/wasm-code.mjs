// Developer tool: what V8 makes of a kernel's hot loop. Runs a child under
// `node --print-wasm-code` (any Node binary), calls the given exports until TurboFan has
// compiled them, then finds each export's optimized code, its innermost loops (backward
// jumps) and reports, for the largest loop: instructions, elements per iteration (from the
// number of 16-byte stores), constant rematerialisation (movabs / vmovq / vpunpcklqdq
// / broadcasts), stack traffic (spills and reloads), divisions and FMAs.
//   node scripts/dev/wasm-code.mjs [--node path] [--build build/wasm-relaxed.wasm]
//        [--dump] sigmoid_forward,tanh_forward,...
//   node scripts/dev/wasm-code.mjs --doc --node <node 24> [--before old-simd.wasm]
//        writes the table of docs/design.md's `wasm-code` section (the SIMD and relaxed builds,
//        and an earlier build where given).
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

/** Optimized code blocks by wasm function index, from --print-wasm-code output: [address, instruction] lines. */
function optimized(out) {
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
function functionOf(build, name) {
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
 * Constant materialisation: a 64-bit immediate move + vmovq xmm,r + vpunpcklqdq x,x,x, or a broadcast of a
 * register or of a fixed address. (A broadcast from [base+index] is a data load, the tail
 * of a max reduction; vpunpcklqdq of two different registers joins two f64x2 halves.)
 */
const REMAT = /^(REX\.W )?movabs|^REX\.W movq r\w+,0x[0-9a-f]{9,}$|^vmovq xmm\d+,r|^vpunpcklqdq (xmm\d+),\1,\1|^vpbroadcast|^vbroadcastss xmm\d+,(xmm|\[r\w+\+0x)/;

/** Loops (a jump back to an earlier address) that contain no other loop: [{ start, end }]. */
function innermost(lines) {
  const ranges = [];
  for (const [addr, text] of lines) {
    const m = /^j\w*\s+(0x[0-9a-f]+)/.exec(text);
    if (m && Number.parseInt(m[1], 16) < addr) ranges.push({ start: Number.parseInt(m[1], 16), end: addr });
  }
  return ranges.filter((r) => !ranges.some((q) => q !== r && q.start >= r.start && q.end <= r.end && (q.start !== r.start || q.end !== r.end)));
}


/**
 * Runs `names` of `build` under `node --print-wasm-code` until optimised; returns, per export,
 * the statistics of its hot loop (the largest innermost loop), and the constants
 * rematerialised inside any innermost loop of any optimised function (callees included,
 * such as the softmax row passes; outer loops, such as softmax's row loop, run their splats
 * once per row).
 */
function analyse(build, names) {
  const child = spawnSync(node, ['--print-wasm-code', fileURLToPath(import.meta.url), '--child', '--build', build, '--exports', names.join(',')], {
    encoding: 'utf8', maxBuffer: 1 << 30,
  });
  if (child.status !== 0) throw new Error(child.stderr);
  const blocks = optimized(child.stdout);
  const stats = new Map();
  const dumps = [];
  for (const name of names) {
    const lines = blocks.get(functionOf(build, name));
    let hot;
    for (const r of innermost(lines ?? [])) if (!hot || r.end - r.start > hot.end - hot.start) hot = r;
    if (!hot) continue;
    const loop = lines.filter(([a]) => a >= hot.start && a <= hot.end).map(([, t]) => t);
    const count = (re) => loop.filter((t) => re.test(t)).length;
    stats.set(name, {
      instructions: loop.length,
      stores16: count(/^vmovdqu \[[^\]]+\],xmm|^vmovups \[r[a-z0-9]+\+/),
      remat: count(REMAT),
      spillStores: count(/^vmov\w+ \[rbp-/),
      reloads: count(/^vmov\w+ xmm\d+,\[rbp-/) + count(/xmm\d+,xmm\d+,\[rbp-/),
      div: count(/^vdivp/),
      fma: count(/^vfn?madd/),
    });
    dumps.push(`--- ${name}\n${loop.join('\n')}`);
  }
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
  return { stats, dumps, functions: blocks.size, loops, found };
}

const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
const root = new URL('../../build/', import.meta.url);

if (args.includes('--doc')) {
  const kernels = ['sigmoid_forward', 'tanh_forward', 'gelu_forward', 'geluTanh_forward', 'elu_forward', 'softplus_forward',
    'silu_forward', 'mish_forward', 'sigmoid_backward', 'gelu_backward'];
  const builds = [
    ...(opt('before') ? [['before', opt('before')]] : []),
    ['SIMD build', fileURLToPath(new URL('wasm-simd.wasm', root))],
    ['relaxed build', fileURLToPath(new URL('wasm-relaxed.wasm', root))],
  ];
  const results = builds.map(([label, file]) => [label, analyse(file, [...kernels, 'softmax_rows'])]);
  const cell = (r, k) => {
    const s = r.stats.get(k);
    return s ? `${(16 * s.instructions / (4 * s.stores16)).toFixed(0)} (${(16 * s.remat / (4 * s.stores16)).toFixed(0)})` : '–';
  };
  const lines = [
    `Generated by \`node scripts/dev/wasm-code.mjs --doc --node <node>${opt('before') ? ' --before <earlier build>' : ''}\` under Node ${version}: instructions per 16 elements in each export's hot loop (of them, constant materialisation), and what V8 optimised.`,
    '',
    `| export | ${builds.map(([l]) => l).join(' | ')} |`,
    `|---|${builds.map(() => '---:').join('|')}|`,
    ...kernels.map((k) => `| ${k} | ${results.map(([, r]) => cell(r, k)).join(' | ')} |`),
    '',
    ...results.map(([label, r]) => `- ${label}: ${r.functions} optimised functions (softmax_rows and its row passes included), ${r.loops} innermost loops; constants rematerialised inside one: ${r.found.length === 0 ? 'none' : r.found.length}.`),
  ];
  const { writeReadmeSection } = await import('../readme-section.mjs');
  writeReadmeSection('wasm-code', lines.join('\n'), new URL('../../docs/design.md', import.meta.url));
  console.log(lines.join('\n'));
} else {
  const build = opt('build', fileURLToPath(new URL('wasm-simd.wasm', root)));
  const names = (args.filter((a) => !a.startsWith('--') && !/\.wasm$|\/node$/.test(a)).pop() ?? 'sigmoid_forward').split(',');
  const r = analyse(build, names);
  if (args.includes('--dump')) console.log(r.dumps.join('\n'));
  console.log(`${build} under ${node} (${version}):`);
  for (const name of names) {
    const st = r.stats.get(name);
    console.log(`${name.padEnd(26)} ${st ? Object.entries(st).map(([k, v]) => `${k} ${v}`).join(', ') : 'no optimized loop found'}`);
  }
  console.log(`${r.functions} optimized functions, ${r.loops} innermost loops; constants rematerialised inside one: ${r.found.length === 0 ? 'none' : `\n  ${r.found.join('\n  ')}`}`);
}
