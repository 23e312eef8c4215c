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
export * from "./softmax";
export * from "./glu";
export * from "./slopes";
