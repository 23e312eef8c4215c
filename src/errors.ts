// Error construction: every message names the function, the argument and the value,
// so a failing call in a large pipeline says what to fix.

import { lengthOf, typedArrayTag } from './args/intrinsics.js';

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'boolean' || typeof value === 'symbol') return String(value);
  if (typeof value === 'function') return 'a function';
  // The engine's own name and length (a subclass or a Proxy cannot make these lie).
  const tag = typedArrayTag(value);
  if (tag !== undefined) return `${tag}(${lengthOf(value)})`;
  if (ArrayBuffer.isView(value)) return `a ${Object.prototype.toString.call(value).slice(8, -1)}`;
  if (Array.isArray(value)) return `Array(${value.length})`;
  const name = (value as object).constructor?.name;
  return typeof name === 'string' && name !== 'Object' && name !== '' ? `a ${name}` : 'an object';
}

/** A short, readable description of any value for error messages (never throws). */
export function describe(value: unknown): string {
  try {
    return describeValue(value);
  } catch {
    return typeof value === 'object' ? 'an object' : typeof value;
  }
}

export function typeError(fn: string, message: string): TypeError {
  return new TypeError(`${fn}: ${message}`);
}

export function rangeError(fn: string, message: string): RangeError {
  return new RangeError(`${fn}: ${message}`);
}
