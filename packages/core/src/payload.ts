// The payload boundary: whatever enters the runtime as event data (send, the CLI, HTTP, a transport
// message, a stored line) is plain JSON data of bounded depth and size, or an INVALID_PAYLOAD error
// that names the field and why. Only JSON data survives a restart unchanged, so only JSON data gets in.
import { EventFlowError, isEventFlowError } from './errors.ts';
import { put } from './values.ts';

/** Bounds on one payload (the runtime's `payload` option); defaults in DEFAULT_PAYLOAD_LIMITS. */
export interface PayloadLimits {
  /** Deepest nesting of objects and arrays; the payload object itself is level 1 (default 64). */
  readonly maxDepth?: number;
  /**
   * Largest size in characters of its JSON text, as estimated while walking it: strings and keys
   * count their length, every other value a few characters (default 1 MiB, 1,048,576).
   */
  readonly maxSize?: number;
}

/** Nesting deeper than 64 levels or over 1 MiB of JSON is refused. */
export const DEFAULT_PAYLOAD_LIMITS: Readonly<Required<PayloadLimits>> = Object.freeze({ maxDepth: 64, maxSize: 1_048_576 });

/** A payload that is not plain JSON data, or is too deep or too large. */
export class PayloadError extends EventFlowError {
  /** `data.items[3].price` */
  readonly path: string;
  /** `NaN is not a JSON number` */
  readonly reason: string;

  constructor(path: string, reason: string) {
    super('INVALID_PAYLOAD', `${path}: ${reason}`, {
      hint: 'Event data is plain JSON: objects, arrays, strings, finite numbers, booleans and null.',
    });
    this.path = path;
    this.reason = reason;
  }
}

/** Whether `error` is the INVALID_PAYLOAD refusal of a payload (it names the field and why). */
export function isPayloadError(error: unknown): error is PayloadError {
  return isEventFlowError(error) && error.code === 'INVALID_PAYLOAD';
}

/**
 * The payload as a fresh plain-JSON copy (callers keep theirs; a `-0` becomes `0`, as JSON writes it;
 * object fields whose value is `undefined` are left out, as JSON leaves them out). `path` names the
 * payload in messages. Throws PayloadError, before anything is stored, for anything else.
 */
export function acceptPayload(value: unknown, limits: PayloadLimits = DEFAULT_PAYLOAD_LIMITS, path = 'data'): Record<string, unknown> {
  return new PayloadWalk(limits, path, true).root(value);
}

/** The same checks as acceptPayload, for payloads that are already fresh JSON (parsed from text): no copy. */
export function checkPayload(value: unknown, limits: PayloadLimits = DEFAULT_PAYLOAD_LIMITS, path = 'data'): void {
  new PayloadWalk(limits, path, false).root(value);
}

type Segment = string | number;

class PayloadWalk {
  private readonly maxDepth: number;
  private readonly maxSize: number;
  private readonly rootName: string;
  private readonly copy: boolean;
  /** The objects and arrays from the root down to the value being read (a repeat among them is a cycle). */
  private readonly ancestors: object[] = [];
  private readonly segments: Segment[] = [];
  private size = 0;

  constructor(limits: PayloadLimits, rootName: string, copy: boolean) {
    this.maxDepth = limits.maxDepth ?? DEFAULT_PAYLOAD_LIMITS.maxDepth;
    this.maxSize = limits.maxSize ?? DEFAULT_PAYLOAD_LIMITS.maxSize;
    this.rootName = rootName;
    this.copy = copy;
  }

  root(value: unknown): Record<string, unknown> {
    if (value === undefined) return {};
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw this.fail(`${describe(value)} is not an object (send an object, or no data at all)`);
    }
    return this.value(value) as Record<string, unknown>;
  }

  private value(value: unknown): unknown {
    switch (typeof value) {
      case 'string':
        this.grow(value.length + 2);
        return value;
      case 'number':
        if (!Number.isFinite(value)) throw this.fail(`${value} is not a JSON number`);
        this.grow(4);
        return value === 0 ? 0 : value;
      case 'boolean':
        this.grow(4);
        return value;
      case 'object':
        if (value === null) {
          this.grow(4);
          return null;
        }
        return this.structure(value);
      case 'bigint':
        throw this.fail('a BigInt is not a JSON number (send it as a string or a number)');
      case 'undefined':
        throw this.fail('undefined is not a JSON value (send null, or leave the field out)');
      default:
        throw this.fail(`a ${typeof value} is not JSON data`);
    }
  }

  private structure(value: object): unknown {
    const array = Array.isArray(value);
    if (!array && !isPlainObject(value)) throw this.fail(`${describe(value)} is not JSON data${advice(value)}`);
    if (this.ancestors.includes(value)) throw this.fail(`refers back to ${this.pathOf(this.ancestors.indexOf(value))} (a cycle)`);
    if (this.ancestors.length >= this.maxDepth) throw new PayloadError(this.rootName, `nesting deeper than ${this.maxDepth}`);
    this.ancestors.push(value);
    this.grow(2);
    const result = array ? this.items(value as unknown[]) : this.fields(value as Record<string, unknown>);
    this.ancestors.pop();
    return result;
  }

  private items(array: readonly unknown[]): unknown[] | undefined {
    // Every item counts at least one character: refuse an oversized length before allocating for it.
    if (array.length > this.maxSize) this.grow(array.length);
    const out: unknown[] | undefined = this.copy ? [] : undefined;
    for (let i = 0; i < array.length; i++) {
      this.segments.push(i);
      // A hole reads as undefined: JSON would write null, so it is refused like undefined.
      const item = this.value(array[i]);
      this.segments.pop();
      out?.push(item);
      this.grow(1);
    }
    return out;
  }

  private fields(object: Record<string, unknown>): Record<string, unknown> | undefined {
    const out: Record<string, unknown> | undefined = this.copy ? {} : undefined;
    const keys = Object.keys(object);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      const field = object[key];
      if (field === undefined) continue;
      this.grow(key.length + 3);
      this.segments.push(key);
      const copied = this.value(field);
      this.segments.pop();
      // A `__proto__` key (JSON.parse makes one) stays data instead of replacing the prototype.
      if (out) put(out, key, copied);
    }
    return out;
  }

  private grow(characters: number): void {
    this.size += characters;
    if (this.size > this.maxSize) throw new PayloadError(this.rootName, `larger than ${this.maxSize.toLocaleString('en-US')} characters as JSON`);
  }

  private fail(reason: string): PayloadError {
    return new PayloadError(this.pathOf(this.segments.length), reason);
  }

  /** The path of the first `length` segments: `data.items[3].price`, `data["a b"]`. */
  private pathOf(length: number): string {
    let path = this.rootName;
    for (let i = 0; i < length; i++) {
      const segment = this.segments[i] as Segment;
      path += typeof segment === 'number' ? `[${segment}]` : /^[A-Za-z_$][\w$]*$/.test(segment) ? `.${segment}` : `[${JSON.stringify(segment)}]`;
    }
    return path;
  }
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value !== 'object') return `a ${typeof value}`;
  const name = (Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null)?.constructor?.name;
  return name ? `${/^[AEIO]/.test(name) ? 'an' : 'a'} ${name}` : 'an object without a plain prototype';
}

/** What to send instead, for the values people most often try. */
function advice(value: object): string {
  if (value instanceof Date) return ' (send its toISOString())';
  if (value instanceof Map) return ' (send an object)';
  if (value instanceof Set) return ' (send an array)';
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return ' (send an array of numbers or a base64 string)';
  return ' (send its fields as a plain object)';
}
