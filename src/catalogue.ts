// The catalogue: the single source of truth for every activation. A row names the
// activation, its parameters (PyTorch names in camelCase, PyTorch defaults, validation),
// its float64 reference math (used by the js backend) and, through its name, its wasm
// kernels `<kernel>_forward`, `_derivative`, `_backward`, `_backward_from_output`.
// The public functions, activate(), the docs tables and the tests are driven from here.

/** A scalar function of one element and the activation's two kernel parameters. */
export type Scalar = (v: number, a: number, b: number) => number;

export interface NumberParam {
  readonly name: string;
  readonly default: number;
  /** Why `v` is not allowed (NaN is always rejected), or undefined if it is. */
  readonly check?: (v: number) => string | undefined;
  readonly doc: string;
}

export interface ElementwiseSpec {
  readonly name: string;
  readonly aliases?: readonly string[];
  /** Family heading in the docs. */
  readonly family: string;
  readonly formula: string;
  readonly params: readonly NumberParam[];
  /** Maps parameter values (in `params` order) to the kernel arguments a, b. */
  readonly kernelArgs?: (p: readonly number[]) => readonly [number, number];
  /** wasm export prefix (default: name). */
  readonly kernel?: string;
  readonly forward: Scalar;
  readonly derivative: Scalar;
  /** f' as a function of y = f(x), where one exists. */
  readonly fromOutput?: Scalar;
  /** Why the from-output form is not valid for these parameters, if it is not. */
  readonly fromOutputCheck?: (p: readonly number[]) => string | undefined;
  /** How the derivative is defined at kinks (PyTorch's choice). */
  readonly kink?: string;
  /** Accuracy class (see DESIGN numerics): 'exact' | 'smooth'. */
  readonly accuracy: 'exact' | 'smooth';
}

const keepNaN = (x: number, r: number): number => (x !== x ? x : r);

/** exp(-|x|)-based logistic bell e/(1+e)^2: no cancellation in the tails. */
function bell(e: number): number {
  const d = 1 + e;
  return e / (d * d);
}

const relu: ElementwiseSpec = {
  name: 'relu',
  family: 'Rectifiers',
  formula: 'max(0, x)',
  params: [],
  accuracy: 'exact',
  kink: "f'(0) = 0",
  forward: (x) => (x < 0 ? 0 : x),
  derivative: (x) => keepNaN(x, x > 0 ? 1 : 0),
  fromOutput: (y) => keepNaN(y, y > 0 ? 1 : 0),
};

const leakyRelu: ElementwiseSpec = {
  name: 'leakyRelu',
  family: 'Rectifiers',
  formula: 'x if x > 0 else negativeSlope·x',
  params: [{ name: 'negativeSlope', default: 0.01, doc: 'slope for x ≤ 0' }],
  accuracy: 'exact',
  kink: "f'(0) = negativeSlope (PyTorch; JAX uses 1)",
  forward: (x, a) => (x > 0 ? x : a * x),
  derivative: (x, a) => keepNaN(x, x > 0 ? 1 : a),
  fromOutput: (y, a) => keepNaN(y, y > 0 ? 1 : a),
  fromOutputCheck: ([s]) =>
    s! < 0 ? 'backwardFromOutput needs negativeSlope ≥ 0 (the sign of y must tell the branch)' : undefined,
};

const sigmoid: ElementwiseSpec = {
  name: 'sigmoid',
  aliases: ['logistic'],
  family: 'Sigmoid and tanh',
  formula: '1 / (1 + e^-x)',
  params: [],
  accuracy: 'smooth',
  forward: (x) => {
    if (x >= 0) return 1 / (1 + Math.exp(-x));
    const e = Math.exp(x);
    return e / (1 + e);
  },
  derivative: (x) => bell(Math.exp(-Math.abs(x))),
  fromOutput: (y) => y * (1 - y),
};

const tanh: ElementwiseSpec = {
  name: 'tanh',
  family: 'Sigmoid and tanh',
  formula: 'tanh x',
  params: [],
  accuracy: 'smooth',
  forward: Math.tanh,
  derivative: (x) => 4 * bell(Math.exp(-2 * Math.abs(x))),
  fromOutput: (y) => (1 - y) * (1 + y),
};

/** Every element-wise activation, in documentation order. */
export const ELEMENTWISE: readonly ElementwiseSpec[] = [relu, leakyRelu, sigmoid, tanh];

/** Lookup by name and alias. */
export const BY_NAME: ReadonlyMap<string, ElementwiseSpec> = new Map(
  ELEMENTWISE.flatMap((s) => [[s.name, s] as const, ...(s.aliases ?? []).map((a) => [a, s] as const)]),
);
