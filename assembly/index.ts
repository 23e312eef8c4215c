// Entry point of both wasm builds (SIMD and scalar). Every activation exports four
// kernels with the pointer contract of drivers.ts:
//   <name>_forward(x, y, n, a, b)                  y  = f(x)
//   <name>_derivative(x, y, n, a, b)               y  = f'(x)
//   <name>_backward(dy, x, dx, n, a, b)            dx = dy · f'(x)
//   <name>_backward_from_output(dy, y, dx, n, a, b) dx = dy · f'(x) from y = f(x)
// a, b: the activation's parameters (unused ones are ignored).

import { Forward, Derivative, FromOutput, map, scale } from "./drivers";
import { Relu, LeakyRelu } from "./relu";
import { Sigmoid } from "./sigmoid";
import { Tanh } from "./tanh";

/** 1 in the SIMD build, 0 in the scalar build: lets the loader confirm what it loaded. */
export function simd(): i32 { return ASC_FEATURE_SIMD ? 1 : 0; }

export function relu_forward(x: usize, y: usize, n: usize, a: f32, b: f32): void { map<Forward<Relu>>(x, y, n, a, b); }
export function relu_derivative(x: usize, y: usize, n: usize, a: f32, b: f32): void { map<Derivative<Relu>>(x, y, n, a, b); }
export function relu_backward(dy: usize, x: usize, dx: usize, n: usize, a: f32, b: f32): void { scale<Derivative<Relu>>(dy, x, dx, n, a, b); }
export function relu_backward_from_output(dy: usize, y: usize, dx: usize, n: usize, a: f32, b: f32): void { scale<FromOutput<Relu>>(dy, y, dx, n, a, b); }

export function leakyRelu_forward(x: usize, y: usize, n: usize, a: f32, b: f32): void { map<Forward<LeakyRelu>>(x, y, n, a, b); }
export function leakyRelu_derivative(x: usize, y: usize, n: usize, a: f32, b: f32): void { map<Derivative<LeakyRelu>>(x, y, n, a, b); }
export function leakyRelu_backward(dy: usize, x: usize, dx: usize, n: usize, a: f32, b: f32): void { scale<Derivative<LeakyRelu>>(dy, x, dx, n, a, b); }
export function leakyRelu_backward_from_output(dy: usize, y: usize, dx: usize, n: usize, a: f32, b: f32): void { scale<FromOutput<LeakyRelu>>(dy, y, dx, n, a, b); }

export function sigmoid_forward(x: usize, y: usize, n: usize, a: f32, b: f32): void { map<Forward<Sigmoid>>(x, y, n, a, b); }
export function sigmoid_derivative(x: usize, y: usize, n: usize, a: f32, b: f32): void { map<Derivative<Sigmoid>>(x, y, n, a, b); }
export function sigmoid_backward(dy: usize, x: usize, dx: usize, n: usize, a: f32, b: f32): void { scale<Derivative<Sigmoid>>(dy, x, dx, n, a, b); }
export function sigmoid_backward_from_output(dy: usize, y: usize, dx: usize, n: usize, a: f32, b: f32): void { scale<FromOutput<Sigmoid>>(dy, y, dx, n, a, b); }

export function tanh_forward(x: usize, y: usize, n: usize, a: f32, b: f32): void { map<Forward<Tanh>>(x, y, n, a, b); }
export function tanh_derivative(x: usize, y: usize, n: usize, a: f32, b: f32): void { map<Derivative<Tanh>>(x, y, n, a, b); }
export function tanh_backward(dy: usize, x: usize, dx: usize, n: usize, a: f32, b: f32): void { scale<Derivative<Tanh>>(dy, x, dx, n, a, b); }
export function tanh_backward_from_output(dy: usize, y: usize, dx: usize, n: usize, a: f32, b: f32): void { scale<FromOutput<Tanh>>(dy, y, dx, n, a, b); }

// Piecewise activations (relu6 runs on the hardtanh kernels with a = 0, b = 6).
import { Hardtanh, Hardsigmoid, HardsigmoidAffine, Hardswish } from "./hard";
import { Softshrink, Hardshrink, Threshold } from "./shrink";

export function hardtanh_forward(x: usize, y: usize, n: usize, a: f32, b: f32): void { map<Forward<Hardtanh>>(x, y, n, a, b); }
export function hardtanh_derivative(x: usize, y: usize, n: usize, a: f32, b: f32): void { map<Derivative<Hardtanh>>(x, y, n, a, b); }
export function hardtanh_backward(dy: usize, x: usize, dx: usize, n: usize, a: f32, b: f32): void { scale<Derivative<Hardtanh>>(dy, x, dx, n, a, b); }
export function hardtanh_backward_from_output(dy: usize, y: usize, dx: usize, n: usize, a: f32, b: f32): void { scale<FromOutput<Hardtanh>>(dy, y, dx, n, a, b); }

export function hardsigmoid_forward(x: usize, y: usize, n: usize, a: f32, b: f32): void { map<Forward<Hardsigmoid>>(x, y, n, a, b); }
export function hardsigmoid_derivative(x: usize, y: usize, n: usize, a: f32, b: f32): void { map<Derivative<Hardsigmoid>>(x, y, n, a, b); }
export function hardsigmoid_backward(dy: usize, x: usize, dx: usize, n: usize, a: f32, b: f32): void { scale<Derivative<Hardsigmoid>>(dy, x, dx, n, a, b); }

export function hardsigmoidAffine_forward(x: usize, y: usize, n: usize, a: f32, b: f32): void { map<Forward<HardsigmoidAffine>>(x, y, n, a, b); }
export function hardsigmoidAffine_derivative(x: usize, y: usize, n: usize, a: f32, b: f32): void { map<Derivative<HardsigmoidAffine>>(x, y, n, a, b); }
export function hardsigmoidAffine_backward(dy: usize, x: usize, dx: usize, n: usize, a: f32, b: f32): void { scale<Derivative<HardsigmoidAffine>>(dy, x, dx, n, a, b); }

export function hardswish_forward(x: usize, y: usize, n: usize, a: f32, b: f32): void { map<Forward<Hardswish>>(x, y, n, a, b); }
export function hardswish_derivative(x: usize, y: usize, n: usize, a: f32, b: f32): void { map<Derivative<Hardswish>>(x, y, n, a, b); }
export function hardswish_backward(dy: usize, x: usize, dx: usize, n: usize, a: f32, b: f32): void { scale<Derivative<Hardswish>>(dy, x, dx, n, a, b); }

export function softshrink_forward(x: usize, y: usize, n: usize, a: f32, b: f32): void { map<Forward<Softshrink>>(x, y, n, a, b); }
export function softshrink_derivative(x: usize, y: usize, n: usize, a: f32, b: f32): void { map<Derivative<Softshrink>>(x, y, n, a, b); }
export function softshrink_backward(dy: usize, x: usize, dx: usize, n: usize, a: f32, b: f32): void { scale<Derivative<Softshrink>>(dy, x, dx, n, a, b); }
export function softshrink_backward_from_output(dy: usize, y: usize, dx: usize, n: usize, a: f32, b: f32): void { scale<FromOutput<Softshrink>>(dy, y, dx, n, a, b); }

export function hardshrink_forward(x: usize, y: usize, n: usize, a: f32, b: f32): void { map<Forward<Hardshrink>>(x, y, n, a, b); }
export function hardshrink_derivative(x: usize, y: usize, n: usize, a: f32, b: f32): void { map<Derivative<Hardshrink>>(x, y, n, a, b); }
export function hardshrink_backward(dy: usize, x: usize, dx: usize, n: usize, a: f32, b: f32): void { scale<Derivative<Hardshrink>>(dy, x, dx, n, a, b); }
export function hardshrink_backward_from_output(dy: usize, y: usize, dx: usize, n: usize, a: f32, b: f32): void { scale<FromOutput<Hardshrink>>(dy, y, dx, n, a, b); }

export function threshold_forward(x: usize, y: usize, n: usize, a: f32, b: f32): void { map<Forward<Threshold>>(x, y, n, a, b); }
export function threshold_derivative(x: usize, y: usize, n: usize, a: f32, b: f32): void { map<Derivative<Threshold>>(x, y, n, a, b); }
export function threshold_backward(dy: usize, x: usize, dx: usize, n: usize, a: f32, b: f32): void { scale<Derivative<Threshold>>(dy, x, dx, n, a, b); }
export function threshold_backward_from_output(dy: usize, y: usize, dx: usize, n: usize, a: f32, b: f32): void { scale<FromOutput<Threshold>>(dy, y, dx, n, a, b); }

// Smooth transcendental activations (exponential linear units, softplus family, silu,
// mish, gelu, tanhshrink, softsign).
import { Elu, Selu, Celu } from "./elu";
import { Softplus, SoftplusBeta, LogSigmoid } from "./softplus";
import { Silu, Mish } from "./silu";
import { Gelu, GeluTanh } from "./gelu";
import { Tanhshrink } from "./tanhshrink";
import { Softsign } from "./softsign";

export function elu_forward(x: usize, y: usize, n: usize, a: f32, b: f32): void { map<Forward<Elu>>(x, y, n, a, b); }
export function elu_derivative(x: usize, y: usize, n: usize, a: f32, b: f32): void { map<Derivative<Elu>>(x, y, n, a, b); }
export function elu_backward(dy: usize, x: usize, dx: usize, n: usize, a: f32, b: f32): void { scale<Derivative<Elu>>(dy, x, dx, n, a, b); }
export function elu_backward_from_output(dy: usize, y: usize, dx: usize, n: usize, a: f32, b: f32): void { scale<FromOutput<Elu>>(dy, y, dx, n, a, b); }

export function selu_forward(x: usize, y: usize, n: usize, a: f32, b: f32): void { map<Forward<Selu>>(x, y, n, a, b); }
export function selu_derivative(x: usize, y: usize, n: usize, a: f32, b: f32): void { map<Derivative<Selu>>(x, y, n, a, b); }
export function selu_backward(dy: usize, x: usize, dx: usize, n: usize, a: f32, b: f32): void { scale<Derivative<Selu>>(dy, x, dx, n, a, b); }
export function selu_backward_from_output(dy: usize, y: usize, dx: usize, n: usize, a: f32, b: f32): void { scale<FromOutput<Selu>>(dy, y, dx, n, a, b); }

export function celu_forward(x: usize, y: usize, n: usize, a: f32, b: f32): void { map<Forward<Celu>>(x, y, n, a, b); }
export function celu_derivative(x: usize, y: usize, n: usize, a: f32, b: f32): void { map<Derivative<Celu>>(x, y, n, a, b); }
export function celu_backward(dy: usize, x: usize, dx: usize, n: usize, a: f32, b: f32): void { scale<Derivative<Celu>>(dy, x, dx, n, a, b); }
export function celu_backward_from_output(dy: usize, y: usize, dx: usize, n: usize, a: f32, b: f32): void { scale<FromOutput<Celu>>(dy, y, dx, n, a, b); }

export function softplus_forward(x: usize, y: usize, n: usize, a: f32, b: f32): void { map<Forward<Softplus>>(x, y, n, a, b); }
export function softplus_derivative(x: usize, y: usize, n: usize, a: f32, b: f32): void { map<Derivative<Softplus>>(x, y, n, a, b); }
export function softplus_backward(dy: usize, x: usize, dx: usize, n: usize, a: f32, b: f32): void { scale<Derivative<Softplus>>(dy, x, dx, n, a, b); }
export function softplus_backward_from_output(dy: usize, y: usize, dx: usize, n: usize, a: f32, b: f32): void { scale<FromOutput<Softplus>>(dy, y, dx, n, a, b); }

export function softplusBeta_forward(x: usize, y: usize, n: usize, a: f32, b: f32): void { map<Forward<SoftplusBeta>>(x, y, n, a, b); }
export function softplusBeta_derivative(x: usize, y: usize, n: usize, a: f32, b: f32): void { map<Derivative<SoftplusBeta>>(x, y, n, a, b); }
export function softplusBeta_backward(dy: usize, x: usize, dx: usize, n: usize, a: f32, b: f32): void { scale<Derivative<SoftplusBeta>>(dy, x, dx, n, a, b); }
export function softplusBeta_backward_from_output(dy: usize, y: usize, dx: usize, n: usize, a: f32, b: f32): void { scale<FromOutput<SoftplusBeta>>(dy, y, dx, n, a, b); }

export function logsigmoid_forward(x: usize, y: usize, n: usize, a: f32, b: f32): void { map<Forward<LogSigmoid>>(x, y, n, a, b); }
export function logsigmoid_derivative(x: usize, y: usize, n: usize, a: f32, b: f32): void { map<Derivative<LogSigmoid>>(x, y, n, a, b); }
export function logsigmoid_backward(dy: usize, x: usize, dx: usize, n: usize, a: f32, b: f32): void { scale<Derivative<LogSigmoid>>(dy, x, dx, n, a, b); }
export function logsigmoid_backward_from_output(dy: usize, y: usize, dx: usize, n: usize, a: f32, b: f32): void { scale<FromOutput<LogSigmoid>>(dy, y, dx, n, a, b); }

export function silu_forward(x: usize, y: usize, n: usize, a: f32, b: f32): void { map<Forward<Silu>>(x, y, n, a, b); }
export function silu_derivative(x: usize, y: usize, n: usize, a: f32, b: f32): void { map<Derivative<Silu>>(x, y, n, a, b); }
export function silu_backward(dy: usize, x: usize, dx: usize, n: usize, a: f32, b: f32): void { scale<Derivative<Silu>>(dy, x, dx, n, a, b); }

export function mish_forward(x: usize, y: usize, n: usize, a: f32, b: f32): void { map<Forward<Mish>>(x, y, n, a, b); }
export function mish_derivative(x: usize, y: usize, n: usize, a: f32, b: f32): void { map<Derivative<Mish>>(x, y, n, a, b); }
export function mish_backward(dy: usize, x: usize, dx: usize, n: usize, a: f32, b: f32): void { scale<Derivative<Mish>>(dy, x, dx, n, a, b); }

export function gelu_forward(x: usize, y: usize, n: usize, a: f32, b: f32): void { map<Forward<Gelu>>(x, y, n, a, b); }
export function gelu_derivative(x: usize, y: usize, n: usize, a: f32, b: f32): void { map<Derivative<Gelu>>(x, y, n, a, b); }
export function gelu_backward(dy: usize, x: usize, dx: usize, n: usize, a: f32, b: f32): void { scale<Derivative<Gelu>>(dy, x, dx, n, a, b); }

export function geluTanh_forward(x: usize, y: usize, n: usize, a: f32, b: f32): void { map<Forward<GeluTanh>>(x, y, n, a, b); }
export function geluTanh_derivative(x: usize, y: usize, n: usize, a: f32, b: f32): void { map<Derivative<GeluTanh>>(x, y, n, a, b); }
export function geluTanh_backward(dy: usize, x: usize, dx: usize, n: usize, a: f32, b: f32): void { scale<Derivative<GeluTanh>>(dy, x, dx, n, a, b); }

export function tanhshrink_forward(x: usize, y: usize, n: usize, a: f32, b: f32): void { map<Forward<Tanhshrink>>(x, y, n, a, b); }
export function tanhshrink_derivative(x: usize, y: usize, n: usize, a: f32, b: f32): void { map<Derivative<Tanhshrink>>(x, y, n, a, b); }
export function tanhshrink_backward(dy: usize, x: usize, dx: usize, n: usize, a: f32, b: f32): void { scale<Derivative<Tanhshrink>>(dy, x, dx, n, a, b); }

export function softsign_forward(x: usize, y: usize, n: usize, a: f32, b: f32): void { map<Forward<Softsign>>(x, y, n, a, b); }
export function softsign_derivative(x: usize, y: usize, n: usize, a: f32, b: f32): void { map<Derivative<Softsign>>(x, y, n, a, b); }
export function softsign_backward(dy: usize, x: usize, dx: usize, n: usize, a: f32, b: f32): void { scale<Derivative<Softsign>>(dy, x, dx, n, a, b); }
export function softsign_backward_from_output(dy: usize, y: usize, dx: usize, n: usize, a: f32, b: f32): void { scale<FromOutput<Softsign>>(dy, y, dx, n, a, b); }

// Not element-wise: rows (softmax family, glu) and per-element slopes (prelu, rrelu).
export * from "./softmax";
export * from "./glu";
export * from "./slopes";
