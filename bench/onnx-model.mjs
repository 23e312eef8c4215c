// A small hand-written protobuf encoder for ONNX ModelProto: enough to build the
// one- and few-node float32 models the onnxruntime peers run, in code (no model files,
// no protobuf library). Field numbers are those of onnx/onnx.proto.

const IR_VERSION = 9;
const OPSET = 20;
const FLOAT = 1; // TensorProto.DataType.FLOAT
const ATTR_FLOAT = 1; // AttributeProto.AttributeType
const ATTR_INT = 2;
const ATTR_STRING = 3;

const utf8 = new TextEncoder();

/** Bytes of a protobuf message under construction. */
class Writer {
  parts = [];
  length = 0;

  push(bytes) {
    this.parts.push(bytes);
    this.length += bytes.length;
    return this;
  }

  /** Unsigned varint; negative int64 values are written as 10-byte two's complement. */
  varint(v) {
    let big = BigInt.asUintN(64, BigInt(v));
    const out = [];
    do {
      let byte = Number(big & 0x7fn);
      big >>= 7n;
      if (big) byte |= 0x80;
      out.push(byte);
    } while (big);
    return this.push(Uint8Array.from(out));
  }

  tag(field, wire) {
    return this.varint((field << 3) | wire);
  }

  int(field, v) {
    return this.tag(field, 0).varint(v);
  }

  float(field, v) {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, v, true);
    return this.tag(field, 5).push(b);
  }

  bytes(field, b) {
    return this.tag(field, 2).varint(b.length).push(b);
  }

  string(field, s) {
    return this.bytes(field, utf8.encode(s));
  }

  message(field, w) {
    return this.bytes(field, w.finish());
  }

  finish() {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

/** Attributes named here are INT; strings are STRING; every other number is FLOAT. */
const INT_ATTRS = new Set(['axis']);

function attribute(name, value) {
  const w = new Writer().string(1, name);
  if (typeof value === 'string') return w.bytes(4, utf8.encode(value)).int(20, ATTR_STRING);
  if (INT_ATTRS.has(name)) return w.int(3, value).int(20, ATTR_INT);
  return w.float(2, value).int(20, ATTR_FLOAT);
}

function node({ op, inputs, outputs, attrs = {} }, i) {
  const w = new Writer();
  for (const name of inputs) w.string(1, name);
  for (const name of outputs) w.string(2, name);
  w.string(3, `${op}_${i}`).string(4, op);
  for (const [k, v] of Object.entries(attrs)) w.message(5, attribute(k, v));
  return w;
}

/** ValueInfoProto of a float tensor; dims are numbers or symbolic names. */
function valueInfo({ name, dims }) {
  const shape = new Writer();
  for (const d of dims) {
    const dim = new Writer();
    if (typeof d === 'number') dim.int(1, d);
    else dim.string(2, d);
    shape.message(1, dim);
  }
  const tensorType = new Writer().int(1, FLOAT).message(2, shape);
  const type = new Writer().message(1, tensorType);
  return new Writer().string(1, name).message(2, type);
}

function initializer({ name, dims, values }) {
  const w = new Writer();
  for (const d of dims) w.int(1, d);
  w.int(2, FLOAT).string(8, name);
  const raw = new Float32Array(values);
  return w.bytes(9, new Uint8Array(raw.buffer));
}

/**
 * Serialized ModelProto (IR 9, opset 20) of a float32 graph.
 * @param {{nodes: {op: string, inputs: string[], outputs: string[], attrs?: object}[],
 *          inputs: {name: string, dims: (number|string)[]}[],
 *          outputs: {name: string, dims: (number|string)[]}[],
 *          initializers?: {name: string, dims: number[], values: number[]}[]}} g
 * @returns {Uint8Array}
 */
export function onnxModel(g) {
  const graph = new Writer();
  g.nodes.forEach((n, i) => graph.message(1, node(n, i)));
  graph.string(2, 'bench');
  for (const t of g.initializers ?? []) graph.message(5, initializer(t));
  for (const v of g.inputs) graph.message(11, valueInfo(v));
  for (const v of g.outputs) graph.message(12, valueInfo(v));
  const opset = new Writer().string(1, '').int(2, OPSET);
  return new Writer()
    .int(1, IR_VERSION)
    .string(2, 'wasm-activations-bench')
    .message(7, graph)
    .message(8, opset)
    .finish();
}
