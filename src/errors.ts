// Error construction: every message names the function, the argument and the value,
// so a failing call in a large pipeline says what to fix.

/** A short, readable description of any value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'boolean' || typeof value === 'symbol') return String(value);
  if (typeof value === 'function') return 'a function';
  if (ArrayBuffer.isView(value)) {
    const length = (value as { length?: number }).length;
    return `${value.constructor.name}(${length ?? value.byteLength})`;
  }
  if (Array.isArray(value)) return `Array(${value.length})`;
  const name = (value as object).constructor?.name;
  return name && name !== 'Object' ? `a ${name}` : 'an object';
}

export function typeError(fn: string, message: string): TypeError {
  return new TypeError(`${fn}: ${message}`);
}

export function rangeError(fn: string, message: string): RangeError {
  return new RangeError(`${fn}: ${message}`);
}
