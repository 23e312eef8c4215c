// Post-processing of the SIMD builds after asc (binaryen), used by scripts/build-wasm.mjs.
//
// Constants out of the loops: binaryen folds every f32x4.splat(c) of the kernels into a
// v128.const, and V8 13+ (Node 24/26, current Chromium) materialises a v128.const again
// at each use inside a loop (movabs + vmovq + vpunpcklqdq: three instructions per use;
// V8 11 once per iteration). hoistConstants() gives every function that has loops one
// local per distinct constant used in them, loaded once at function entry from a
// constants block in linear memory (XNNPACK's wasmsimd `params` struct, built by the
// compiler): a value V8 cannot rematerialise, kept in a register or spilled to the stack
// and reloaded as one memory operand. The arithmetic is untouched, so results are
// bitwise those of the unmodified build. The block is the union over all builds (one
// layout for every module sharing a memory); the TypeScript side writes it once per
// memory (src/memory.ts).

/** Where the constants block starts: above the data segments, below the scratch slots (64 KiB). */
export const CONSTANTS_ADDRESS = 32768;
const CONSTANTS_END = 65536;

/** A v128.const in binaryen's stack-IR text: four i32 words. */
const CONST = /^(\s*)v128\.const i32x4 (0x[0-9a-f]{8}) (0x[0-9a-f]{8}) (0x[0-9a-f]{8}) (0x[0-9a-f]{8})$/;
/** Constants V8 builds with one dependency-free instruction (pxor / pcmpeqd): left in place. */
const CHEAP = new Set(['0x00000000', '0xffffffff']);

/** The functions of a module's stack-IR text: [prefix lines, functions (line arrays), suffix lines]. */
function splitFunctions(text) {
  const lines = text.split('\n');
  const parts = [];
  let current = { fn: false, lines: [] };
  for (const line of lines) {
    if (line.startsWith(' (func ')) {
      parts.push(current);
      current = { fn: true, lines: [line] };
    } else if (current.fn) {
      current.lines.push(line);
      if (line === ' )') {
        parts.push(current);
        current = { fn: false, lines: [] };
      }
    } else current.lines.push(line);
  }
  parts.push(current);
  return parts;
}

/** Visits every v128.const inside a loop of function `lines`: f(index, words). */
function eachLoopConstant(lines, f) {
  const open = [];
  lines.forEach((line, i) => {
    const t = line.trim();
    const word = t.split(' ', 1)[0];
    if (word === 'block' || word === 'loop' || word === 'if' || word === 'try') open.push(word);
    else if (word === 'end') open.pop();
    else if (open.includes('loop')) {
      const m = CONST.exec(line);
      if (m && !m.slice(2).every((w) => CHEAP.has(w))) f(i, m.slice(2), m[1]);
    }
  });
}

/** The distinct hoistable constants of a module text, as 'w0 w1 w2 w3' keys. */
export function loopConstants(text) {
  const keys = new Set();
  for (const part of splitFunctions(text)) {
    if (part.fn) eachLoopConstant(part.lines, (_, words) => keys.add(words.join(' ')));
  }
  return keys;
}

/**
 * The constants block for a set of keys: splat constants take 4 bytes (loaded with
 * v128.load32_splat), others 16 (v128.load). Returns { bytes, address: key → {address, splat} }.
 */
export function constantsBlock(keys) {
  const sorted = [...keys].sort();
  const splat = (k) => k.split(' ').every((w, _, a) => w === a[0]);
  const full = sorted.filter((k) => !splat(k));
  const single = sorted.filter(splat);
  const layout = new Map();
  let at = CONSTANTS_ADDRESS;
  for (const k of full) {
    layout.set(k, { address: at, splat: false });
    at += 16;
  }
  for (const k of single) {
    layout.set(k, { address: at, splat: true });
    at += 4;
  }
  if (at > CONSTANTS_END) throw new Error(`constants block overflows: ${at - CONSTANTS_ADDRESS} bytes`);
  const bytes = new Uint8Array(at - CONSTANTS_ADDRESS);
  const view = new DataView(bytes.buffer);
  for (const [k, e] of layout) {
    const words = k.split(' ').map((w) => Number.parseInt(w, 16));
    const o = e.address - CONSTANTS_ADDRESS;
    if (e.splat) view.setUint32(o, words[0], true);
    else words.forEach((w, i) => view.setUint32(o + 4 * i, w, true));
  }
  return { bytes, layout };
}

/** Rewrites a module text: loop constants become locals loaded at function entry. */
export function hoistConstants(text, layout) {
  let functions = 0;
  const out = [];
  for (const part of splitFunctions(text)) {
    if (!part.fn) {
      out.push(...part.lines);
      continue;
    }
    const lines = [...part.lines];
    const locals = new Map();
    eachLoopConstant(lines, (i, words, indent) => {
      const key = words.join(' ');
      const e = layout.get(key);
      if (!e) throw new Error(`constant ${key} missing from the block`);
      let name = locals.get(key);
      if (!name) locals.set(key, (name = `$const${e.address}`));
      lines[i] = `${indent}local.get ${name}`;
    });
    if (locals.size > 0) {
      functions++;
      // After the signature and local declarations: the new locals, then their loads.
      let at = 1;
      while (at < lines.length && /^\s*\((local|param|result) /.test(lines[at])) at++;
      const decls = [...locals.values()].map((name) => `  (local ${name} v128)`);
      const loads = [...locals].flatMap(([key, name]) => {
        const e = layout.get(key);
        return ['  i32.const 0', `  ${e.splat ? 'v128.load32_splat' : 'v128.load'} offset=${e.address}`, `  local.set ${name}`];
      });
      lines.splice(at, 0, ...decls, ...loads);
    }
    out.push(...lines);
  }
  return { text: out.join('\n'), functions };
}

/** Highest address the module's data segments reach (they must stay below the block). */
export function dataEnd(module) {
  let end = 0;
  for (let i = 0; i < module.getNumDataSegments(); i++) {
    const seg = module.getDataSegmentInfo(module.getDataSegmentByIndex(i));
    if (!seg.passive) end = Math.max(end, seg.offset + seg.data.byteLength);
  }
  return end;
}
