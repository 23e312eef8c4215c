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

// ---- interleaving the unrolled vectors ---------------------------------------------------
//
// The drivers unroll four vectors per iteration; asc and binaryen emit each vector's
// computation as one sequence (nested expression trees). V8 ≤ 12 (TurboFan) schedules the
// machine code itself and interleaves the four; V8 13+ (Turboshaft: Node 24/26, Chromium)
// keeps the order of the wasm, so one long dependency chain after another fills the
// CPU's schedulers and leaves the others idle (measured 25-40 % slower for exp-based
// kernels on Node 24 than the same code on Node 20). scheduleLoops() reorders the
// straight-line code of every function with loops: binaryen's flatten + ssa-nomerge give
// one operation per statement and single assignments; a list scheduler then takes up to
// CHUNK operations of one chain (a connected part of the data dependences: one vector's
// computation) at a time, critical path first, before switching to the next chain; then
// a statement whose value is used once, by the next statement, is folded back into it.
// Only the order changes (data dependences, and loads and stores in their order, are
// kept), so the results are bitwise those of the unscheduled module.

/** Operations taken from one chain before switching: 16 measured best on Node 24 (8-16 equal; 32 and up lose the gain). */
const CHUNK = 16;

/** Children of the expressions that may appear in a scheduled statement (anything else ends a run). */
const CHILDREN = {
  Unary: ['value'], Binary: ['left', 'right'], Select: ['ifTrue', 'ifFalse', 'condition'], Load: ['ptr'],
  Store: ['ptr', 'value'], LocalSet: ['value'], LocalGet: [], Const: [], SIMDExtract: ['vec'],
  SIMDReplace: ['vec', 'value'], SIMDShuffle: ['left', 'right'], SIMDTernary: ['a', 'b', 'c'],
  SIMDShift: ['vec', 'shift'], SIMDLoad: ['ptr'], SIMDLoadStoreLane: ['ptr', 'vec'], Drop: ['value'],
};

/** Expression kind names by id, and helpers over binaryen.js. */
function kinds(binaryen) {
  const byId = {};
  for (const k of Object.keys(binaryen)) {
    if (/Id$/.test(k) && typeof binaryen[k] === 'number' && k !== 'InvalidId') byId[binaryen[k]] = k.slice(0, -2);
  }
  const slow = new Set([binaryen.DivVecF32x4, binaryen.DivVecF64x2, binaryen.SqrtVecF32x4, binaryen.SqrtVecF64x2]);
  return {
    kind: (e) => byId[binaryen.getExpressionId(e)],
    info: (e) => binaryen.getExpressionInfo(e),
    /** Rough latency in cycles, for the critical path. */
    latency: (kind, info) => (kind === 'Load' || kind === 'SIMDLoad' ? 5 : kind === 'Binary' && slow.has(info.op) ? 11 : 3),
  };
}

/** Locals read and written, memory effects and latency of a statement; null if it cannot be moved. */
function effects(k, stmt) {
  const reads = new Set();
  const writes = new Set();
  let load = false;
  let store = false;
  let cost = 0;
  const walk = (e) => {
    const kind = k.kind(e);
    const children = CHILDREN[kind];
    if (!children) return false;
    const info = k.info(e);
    if (kind === 'LocalGet') {
      reads.add(info.index);
      return true;
    }
    if (kind === 'LocalSet') writes.add(info.index);
    else if (kind === 'Store' || (kind === 'SIMDLoadStoreLane' && info.isStore)) store = true;
    else if (kind === 'Load' || kind === 'SIMDLoad' || kind === 'SIMDLoadStoreLane') load = true;
    if (kind !== 'LocalSet' && kind !== 'Const' && kind !== 'Drop') cost += k.latency(kind, info);
    return children.every((c) => walk(info[c]));
  };
  return walk(stmt) ? { reads, writes, load, store, cost } : null;
}

/** The statements of a run in a new order: chains interleaved CHUNK operations at a time. */
function schedule(k, stmts) {
  const n = stmts.length;
  const fx = stmts.map((s) => effects(k, s));
  const succ = Array.from({ length: n }, () => new Set());
  const uses = Array.from({ length: n }, () => new Set()); // data (read-after-write) edges only
  const preds = new Array(n).fill(0);
  const edge = (i, j, data) => {
    if (i < 0 || i === j) return;
    if (data) uses[i].add(j);
    if (!succ[i].has(j)) {
      succ[i].add(j);
      preds[j]++;
    }
  };
  const lastWrite = new Map();
  const readers = new Map();
  let lastStore = -1;
  let loads = [];
  for (let j = 0; j < n; j++) {
    const s = fx[j];
    for (const r of s.reads) edge(lastWrite.get(r) ?? -1, j, true);
    for (const w of s.writes) {
      edge(lastWrite.get(w) ?? -1, j, false);
      for (const i of readers.get(w) ?? []) edge(i, j, false);
    }
    if (s.load || s.store) edge(lastStore, j, false);
    if (s.store) {
      for (const i of loads) edge(i, j, false);
      loads = [];
      lastStore = j;
    }
    if (s.load) loads.push(j);
    for (const r of s.reads) (readers.get(r) ?? readers.set(r, []).get(r)).push(j);
    for (const w of s.writes) {
      lastWrite.set(w, j);
      readers.set(w, []);
    }
  }
  // Critical path to the end of the run.
  const priority = new Array(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let p = 0;
    for (const j of succ[i]) p = Math.max(p, priority[j]);
    priority[i] = p + fx[i].cost;
  }
  // Chains: connected by data edges, not through values with more than two users (shared ones).
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (x) => (parent[x] === x ? x : (parent[x] = find(parent[x])));
  for (let i = 0; i < n; i++) if (uses[i].size <= 2) for (const j of uses[i]) parent[find(i)] = find(j);
  const chain = parent.map((_, i) => find(i));
  const ready = [];
  for (let i = 0; i < n; i++) if (preds[i] === 0) ready.push(i);
  const before = (x, y) => priority[x] > priority[y] || (priority[x] === priority[y] && x < y);
  const order = [];
  let current = -1;
  let taken = 0;
  while (ready.length > 0) {
    let best = -1;
    const pick = (accept) => {
      for (let r = 0; r < ready.length; r++) if (accept(ready[r]) && (best < 0 || before(ready[r], ready[best]))) best = r;
    };
    if (current >= 0 && taken < CHUNK) pick((i) => chain[i] === current);
    if (best < 0) {
      pick((i) => chain[i] !== current);
      if (best < 0) pick(() => true);
      current = chain[ready[best]];
      taken = 0;
    }
    const i = ready.splice(best, 1)[0];
    taken++;
    order.push(i);
    for (const j of succ[i]) if (--preds[j] === 0) ready.push(j);
  }
  return order.map((i) => stmts[i]);
}

/** Uses of each local in a function body. */
function localUses(k, body) {
  const uses = new Map();
  const walk = (e) => {
    if (!e) return;
    const kind = k.kind(e);
    if (kind === 'LocalGet') {
      const i = k.info(e).index;
      uses.set(i, (uses.get(i) ?? 0) + 1);
      return;
    }
    if (['Nop', 'Unreachable', 'Const', 'GlobalGet', 'MemorySize'].includes(kind)) return;
    const info = k.info(e);
    if (kind === 'Block') info.children.forEach(walk);
    else if (kind === 'Loop') walk(info.body);
    else if (kind === 'If') [info.condition, info.ifTrue, info.ifFalse].forEach(walk);
    else if (kind === 'Break') [info.condition, info.value].forEach(walk);
    else if (kind === 'Return') walk(info.value);
    else if (kind === 'Call') info.operands.forEach(walk);
    else if (CHILDREN[kind]) CHILDREN[kind].forEach((c) => walk(info[c]));
    else throw new Error(`scheduleLoops: unexpected ${kind}`);
  };
  walk(body);
  return uses;
}

/** Puts `value` in place of the local.get of `index` inside `stmt`; false if there is none. */
function replaceGet(binaryen, k, stmt, index, value) {
  const kind = k.kind(stmt);
  const info = k.info(stmt);
  for (const c of CHILDREN[kind] ?? []) {
    const child = info[c];
    if (k.kind(child) === 'LocalGet' && k.info(child).index === index) {
      binaryen[kind][`set${c[0].toUpperCase()}${c.slice(1)}`](stmt, value);
      return true;
    }
    if (replaceGet(binaryen, k, child, index, value)) return true;
  }
  return false;
}

/** Folds each `local.set t E` whose t is read once, by the next statement, into that statement. */
function fold(binaryen, k, stmts, uses) {
  const out = [];
  for (const s of stmts) {
    out.push(s);
    while (out.length >= 2) {
      const prev = out[out.length - 2];
      if (k.kind(prev) !== 'LocalSet') break;
      const p = k.info(prev);
      if (p.isTee || uses.get(p.index) !== 1 || !replaceGet(binaryen, k, out[out.length - 1], p.index, p.value)) break;
      out.splice(out.length - 2, 1);
    }
  }
  return out;
}

/** Schedules every run of movable statements in the blocks under `e`; returns the number of runs. */
function scheduleBlocks(binaryen, k, e, uses) {
  const kind = k.kind(e);
  if (kind !== 'Block' && kind !== 'Loop' && kind !== 'If') return 0;
  const info = k.info(e);
  if (kind === 'Loop') return scheduleBlocks(binaryen, k, info.body, uses);
  if (kind === 'If') return scheduleBlocks(binaryen, k, info.ifTrue, uses) + (info.ifFalse ? scheduleBlocks(binaryen, k, info.ifFalse, uses) : 0);
  let runs = 0;
  const children = [];
  let run = [];
  const flush = () => {
    if (run.length > 2) {
      children.push(...fold(binaryen, k, schedule(k, run), uses));
      runs++;
    } else children.push(...run);
    run = [];
  };
  for (const c of info.children) {
    if (effects(k, c)) run.push(c);
    else {
      flush();
      runs += scheduleBlocks(binaryen, k, c, uses);
      children.push(c);
    }
  }
  flush();
  binaryen.Block.setChildren(e, children);
  return runs;
}

/** Interleaves the straight-line code of every function that has a loop (see above). */
export function scheduleLoops(binaryen, module) {
  const k = kinds(binaryen);
  let functions = 0;
  for (let i = 0; i < module.getNumFunctions(); i++) {
    const f = module.getFunctionByIndex(i);
    if (!binaryen.emitText(binaryen.getFunctionInfo(f).body).includes('(loop')) continue;
    module.runPassesOnFunction(f, ['flatten', 'ssa-nomerge']);
    const body = binaryen.getFunctionInfo(f).body;
    scheduleBlocks(binaryen, k, body, localUses(k, body));
    module.runPassesOnFunction(f, ['coalesce-locals', 'reorder-locals', 'vacuum']);
    functions++;
  }
  return functions;
}
