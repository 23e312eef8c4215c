// Names that activate() accepts besides the package's own (camelCase of PyTorch's): the
// spellings that configs and model files use in PyTorch (nn modules, torch.nn.functional),
// ONNX (operator types) and Keras (activation strings and layers). A framework spelling
// keeps that framework's defaults: where they differ from PyTorch's, `defaults` holds them
// (options the caller passes win). Where a Keras spelling is also a PyTorch one with other
// defaults, PyTorch's meaning wins and `note` says so. Option names stay the package's.

export type Framework = 'PyTorch' | 'ONNX' | 'Keras';

export interface FrameworkName {
  /** The spelling, exactly (names are case-sensitive, as in the frameworks). */
  readonly name: string;
  /** The catalogue row it runs. */
  readonly target: string;
  readonly frameworks: readonly Framework[];
  /** That framework's defaults where they differ from the row's (PyTorch's). */
  readonly defaults?: Readonly<Record<string, number | string>>;
  readonly note?: string;
}

const torch = (name: string, target: string, note?: string): FrameworkName => ({ name, target, frameworks: ['PyTorch'], note });

export const FRAMEWORK_NAMES: readonly FrameworkName[] = [
  // PyTorch nn modules (the functional names equal the package's where not listed).
  torch('ReLU', 'relu'), torch('ReLU6', 'relu6'),
  { name: 'LeakyReLU', target: 'leakyRelu', frameworks: ['PyTorch', 'Keras'], note: "Keras's LeakyReLU layer defaults to 0.3; PyTorch's 0.01 wins: pass { negativeSlope: 0.3 } for Keras's" },
  torch('PReLU', 'prelu'), torch('RReLU', 'rrelu'),
  { name: 'ELU', target: 'elu', frameworks: ['PyTorch', 'Keras'] },
  torch('SELU', 'selu'), torch('CELU', 'celu'), torch('GELU', 'gelu'), torch('SiLU', 'silu'),
  { name: 'Mish', target: 'mish', frameworks: ['PyTorch', 'ONNX'] },
  torch('Hardsigmoid', 'hardsigmoid'), torch('Hardswish', 'hardswish'), torch('Hardtanh', 'hardtanh'),
  { name: 'Softplus', target: 'softplus', frameworks: ['PyTorch', 'ONNX'], note: 'ONNX Softplus has no parameters: beta 1' },
  torch('LogSigmoid', 'logsigmoid'),
  { name: 'Softsign', target: 'softsign', frameworks: ['PyTorch', 'ONNX'] },
  torch('Tanhshrink', 'tanhshrink'), torch('Softshrink', 'softshrink'), torch('Hardshrink', 'hardshrink'),
  torch('Threshold', 'threshold'), torch('GLU', 'glu'),
  { name: 'Softmax', target: 'softmax', frameworks: ['PyTorch', 'ONNX', 'Keras'] },
  { name: 'LogSoftmax', target: 'logSoftmax', frameworks: ['PyTorch', 'ONNX'] },
  torch('Softmin', 'softmin'),
  { name: 'Sigmoid', target: 'sigmoid', frameworks: ['PyTorch', 'ONNX'] },
  { name: 'Tanh', target: 'tanh', frameworks: ['PyTorch', 'ONNX'] },
  { name: 'leaky_relu', target: 'leakyRelu', frameworks: ['PyTorch', 'Keras'], note: "Keras's leaky_relu defaults to 0.2; PyTorch's 0.01 wins: pass { negativeSlope: 0.2 } for Keras's" },
  { name: 'log_softmax', target: 'logSoftmax', frameworks: ['PyTorch', 'Keras'] },
  // ONNX operators.
  { name: 'Relu', target: 'relu', frameworks: ['ONNX'] },
  { name: 'LeakyRelu', target: 'leakyRelu', frameworks: ['ONNX'], note: 'ONNX attribute alpha is negativeSlope (default 0.01, as PyTorch)' },
  { name: 'PRelu', target: 'prelu', frameworks: ['ONNX'], note: "ONNX's slope input is the weight option" },
  { name: 'Elu', target: 'elu', frameworks: ['ONNX'] },
  { name: 'Selu', target: 'selu', frameworks: ['ONNX'], note: "ONNX's default alpha and gamma are PyTorch's constants (selu takes no options)" },
  { name: 'Celu', target: 'celu', frameworks: ['ONNX'] },
  { name: 'Gelu', target: 'gelu', frameworks: ['ONNX'] },
  { name: 'HardSigmoid', target: 'hardsigmoid', frameworks: ['ONNX'], defaults: { alpha: 0.2, beta: 0.5 } },
  { name: 'HardSwish', target: 'hardswish', frameworks: ['ONNX'] },
  { name: 'ThresholdedRelu', target: 'threshold', frameworks: ['ONNX'], defaults: { threshold: 1, value: 0 }, note: 'ONNX attribute alpha is threshold' },
  { name: 'Shrink', target: 'hardshrink', frameworks: ['ONNX'], defaults: { lambd: 0.5 }, note: 'bias 0 only (ONNX Shrink with bias = lambd is softshrink)' },
  // Keras activation strings (Keras 3) that differ from the package's names.
  { name: 'hard_sigmoid', target: 'hardsigmoid', frameworks: ['Keras'], note: 'Keras 3: relu6(x + 3) / 6, PyTorch\'s defaults' },
  { name: 'hard_silu', target: 'hardswish', frameworks: ['Keras'] },
  { name: 'hard_swish', target: 'hardswish', frameworks: ['Keras'] },
  { name: 'log_sigmoid', target: 'logsigmoid', frameworks: ['Keras'] },
  { name: 'soft_shrink', target: 'softshrink', frameworks: ['Keras'] },
  { name: 'hard_shrink', target: 'hardshrink', frameworks: ['Keras'] },
  { name: 'tanh_shrink', target: 'tanhshrink', frameworks: ['Keras'] },
  { name: 'hard_tanh', target: 'hardtanh', frameworks: ['Keras'] },
];
