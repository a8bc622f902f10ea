// Where a handler run meets user code: guard, action, function, transformer and rule bindings (or
// their `assume:` doubles), the context a binding sees, and the scope expressions read.
import type { GuardLine, Location } from '@eventflow/language';
import type { BindingContext, PatternMatch, RawArgument, RuleFn } from '../bindings.ts';
import type { Envelope } from '../envelope.ts';
import { HandlerError, MissingBindingError } from '../errors.ts';
import { readVariable, testNow, type Scope } from '../evaluate.ts';
import { andThen, isThenable, type Maybe } from '../maybe.ts';
import { copyData, setPath, splitPath, type Data } from '../values.ts';
import type { EnvelopeFactory } from './envelopes.ts';
import type { StepEnvironment } from './environment.ts';
import type { WorkingCopy } from './working-copy.ts';

/** Also the scope expressions of the run read: its payload, working context and state. */
export class BindingHost implements Scope {
  readonly machine: string;
  readonly aggregateId: string;
  readonly payload: Data;
  readonly from: Envelope['from'];
  /** Where the guard line being tested is, for the message of a missing binding. */
  private where: Location | undefined;
  private readonly envelope: Envelope;
  private readonly env: StepEnvironment;
  private readonly copy: WorkingCopy;
  private readonly envelopes: EnvelopeFactory;

  constructor(machine: string, aggregateId: string, envelope: Envelope, env: StepEnvironment, copy: WorkingCopy, envelopes: EnvelopeFactory) {
    this.machine = machine;
    this.aggregateId = aggregateId;
    this.payload = envelope.data as Data;
    this.from = envelope.from;
    this.envelope = envelope;
    this.env = env;
    this.copy = copy;
    this.envelopes = envelopes;
  }

  context(): Data {
    return this.copy.context;
  }

  state(): string {
    return this.copy.state;
  }

  /** A `?` line: its `assume:` double, else its binding, else the built-in condition; noted in the run's guard log. */
  guardLine(line: GuardLine): Maybe<boolean> {
    this.where = line.loc;
    const forced = this.env.overrides?.guard?.(line.text, this.machine, this.envelope.event);
    if (forced !== undefined) return this.noteGuard(line.text, forced);
    const bound = this.env.bindings.match('guard', this.machine, line.text);
    const value = bound ? this.callGuard(bound) : testNow(line.condition, this);
    return andThen(value, (result) => this.noteGuard(line.text, result));
  }

  /** A free-text condition inside an expression: only a binding (or double) can decide it. */
  guard(text: string): Maybe<boolean> {
    const forced = this.env.overrides?.guard?.(text, this.machine, this.envelope.event);
    if (forced !== undefined) return forced;
    const bound = this.env.bindings.match('guard', this.machine, text);
    if (!bound) throw new MissingBindingError('guard', text, this.where ?? this.machine);
    return this.callGuard(bound);
  }

  /** An action line: its double, else its binding (whose returned object is merged into the context). */
  action(text: string, loc: Location): void | PromiseLike<void> {
    const bound = this.env.bindings.match('action', this.machine, text);
    const args = bound ? this.args(bound.args) : [];
    const override = this.env.overrides?.action?.(text, this.machine, this.envelope.event, args);
    const copy = this.copy;
    if (override) {
      copy.noteCall({ text, args, via: 'assume' });
      if (override.kind === 'throws') throw new HandlerError(`Action '${text}' failed: ${describeThrown(override.value)}`);
      if (override.kind === 'returns') this.merge(override.value);
      if (override.kind === 'triggers') copy.emit(this.envelopes.toSelf(override.event, {}));
      return;
    }
    if (!bound) {
      if (this.env.mode === 'runtime') throw new MissingBindingError('action', text, loc);
      copy.noteCall({ text, args, via: 'unbound' });
      copy.warn(`No binding for action '${text}' (${loc.file}:${loc.line}): treated as a no-op`);
      return;
    }
    copy.noteCall({ text, args, via: 'binding' });
    const result = bound.fn(this.bindingContext(true), ...args);
    if (isThenable(result)) return result.then((value) => this.merge(value));
    this.merge(result);
  }

  /** `reply 200 with transformer`: the body the transformer binding makes. */
  transformer(name: string): Maybe<Data> {
    const fn = this.env.bindings.named('transformer', this.machine, name);
    if (!fn) throw new MissingBindingError('transformer', name, this.machine);
    return andThen(fn(this.bindingContext(false)) as Maybe<unknown>, (body) => copyData(body as Data) ?? {});
  }

  /** A custom validation rule by name. */
  rule(name: string): RuleFn | undefined {
    return this.env.bindings.named('rule', this.machine, name) as RuleFn | undefined;
  }

  /** `uuid()`, `now()`, or a function binding: must answer at once. */
  call(name: string, args: unknown[]): unknown {
    if (name === 'uuid' && args.length === 0) return this.env.ids.uuid();
    if (name === 'now' && args.length === 0) return this.env.time.iso();
    const fn = this.env.bindings.named('function', this.machine, name);
    if (!fn) throw new MissingBindingError('function', `${name}()`, this.machine);
    const result = fn(this.bindingContext(false), ...args);
    if (result instanceof Promise) throw new HandlerError(`Function ${name}() must return a value, not a Promise`);
    return result;
  }

  private callGuard(bound: PatternMatch): Maybe<boolean> {
    const result = bound.fn(this.bindingContext(false), ...this.args(bound.args));
    return isThenable(result) ? Promise.resolve(result).then(Boolean) : Boolean(result);
  }

  private noteGuard(text: string, value: boolean): boolean {
    this.copy.noteGuard({ text, value });
    return value;
  }

  /** An action's returned object is merged into the context. */
  private merge(patch: unknown): void {
    if (patch && typeof patch === 'object') this.copy.context = { ...this.copy.context, ...copyData(patch as Data) };
  }

  /** Placeholder captures as values: numbers (or `$vars`), unquoted strings; others as written. */
  private args(raw: readonly RawArgument[]): unknown[] {
    return raw.map(({ placeholder, text }) => {
      if (text.startsWith('$')) return readVariable(this, splitPath(text.slice(1)));
      if (placeholder === 'number') return Number(text);
      if (placeholder === 'string' && text.startsWith('"')) return JSON.parse(text) as string;
      return text;
    });
  }

  /** What a binding sees; only actions (`writable`) may change the context. */
  private bindingContext(writable: boolean): BindingContext {
    const { copy, envelope, env } = this;
    const scope: Scope = this;
    return {
      get: <T>(path: string, fallback?: T): T => {
        const value = readVariable(scope, splitPath(path));
        return (value === undefined ? fallback : copyData(value)) as T;
      },
      set: (path, value) => {
        if (!writable) throw new HandlerError(`A guard cannot change context (tried to set '${path}')`);
        copy.context = setPath(copy.context, splitPath(path), copyData(value));
      },
      get state() {
        return copy.state;
      },
      aggregateId: this.aggregateId,
      machine: this.machine,
      event: {
        name: envelope.event,
        // A copy, made on first use: the payload is stored with the record (and may be shared and frozen).
        get data() {
          const data = copyData(envelope.data as Data);
          Object.defineProperty(this, 'data', { value: data, enumerable: true });
          return data;
        },
        from: envelope.from.machine,
      },
      now: () => new Date(env.time.clock.now()),
    };
  }
}

function describeThrown(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
