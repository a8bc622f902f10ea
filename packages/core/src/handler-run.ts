// Runs one handler body over a working copy of (state, context). Nothing here touches the store
// or the transport: emits are collected, and a thrown error simply discards the working copy.
import type { ContextOp, Emit, GuardBranch, GuardChain, GuardLine, Location, Reply as ReplyStmt, ScheduleStmt, Statement, ValidationRule, WithClause } from '@eventflow/language';
import type { BindingContext, PatternMatch, RawArgument } from './bindings.ts';
import { isoTime } from './clock.ts';
import type { MachineDefinition } from './definition.ts';
import { machineAddress, type Envelope } from './envelope.ts';
import { HandlerError, MissingBindingError, ValidationError, type FieldProblem } from './errors.ts';
import { evaluate, readVariable, testNow, type Scope } from './evaluate.ts';
import { andThen, isThenable, type Maybe } from './maybe.ts';
import { routeEmit } from './conversation.ts';
import { located } from './located.ts';
import type { Outcome, Reply } from './record.ts';
import type { Snapshot } from './snapshot.ts';
import type { StepEnvironment } from './transition.ts';
import { checkRules, emptyOf, hasType } from './validation.ts';
import { copyData, deepEqual, getPath, hasKeys, interned, NO_FIELDS, NO_ITEMS, put, setPath, splitPath, stateName, withLast, type Data, type Mutable } from './values.ts';

/** An action a handler ran, with its arguments and how it ran. */
export interface ActionCall {
  readonly text: string;
  readonly args: readonly unknown[];
  /** How it ran: a real binding, an `assume:` double, or unbound (a no-op in tests). */
  readonly via: 'binding' | 'assume' | 'unbound';
}

/** A free-text guard a handler asked, and its answer. */
export interface GuardResult {
  readonly text: string;
  readonly value: boolean;
}

/** An `emit ... to all @m` the shell fans out to every instance in the given states. */
export interface BroadcastRequest {
  readonly event: string;
  readonly machine: string;
  readonly states: readonly string[];
  readonly data: Data;
}

/** A context value that broke a validation rule after an action. */
export interface Violation {
  readonly variable: string;
  readonly rules_failed: readonly string[];
  readonly value: unknown;
}

/** What an action does instead of its binding in a test (`assume:`). */
export type ActionOverride =
  | { readonly kind: 'success' }
  | { readonly kind: 'returns'; readonly value: Data }
  | { readonly kind: 'throws'; readonly value: unknown }
  | { readonly kind: 'triggers'; readonly event: string };

/** Test doubles from `assume:`. Each returns undefined when it does not apply. */
export interface Overrides {
  guard?(text: string, machine: string, event: string): boolean | undefined;
  action?(text: string, machine: string, event: string, args: readonly unknown[]): ActionOverride | undefined;
}

// Stored records live as long as the store: they share empty parts instead of carrying their own.
const NO_PATCH: Outcome['context_patch'] = Object.freeze({ set: NO_FIELDS, unset: NO_ITEMS });
const ONLY_STATE = new Map<string, readonly string[]>();

/** `[state]`, one shared copy per state name (state names come from .flow text). */
function onlyState(state: string): readonly string[] {
  return interned(ONLY_STATE, state, (name) => [name]);
}

const MOVED_ONLY = new Map<string, Outcome>();

/** The outcome of a handler that did nothing but move to `state`: one shared copy per state. */
function movedOnly(state: string): Outcome {
  return interned(MOVED_ONLY, state, (name) => ({ state_after: name, context_patch: NO_PATCH, states_entered: onlyState(name), emitted: NO_ITEMS }));
}

const UNIT_MS = { seconds: 1000, minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;

/** The payload of an emit without `with`: shared, as envelopes are immutable. */
const NO_PAYLOAD = Object.freeze({ data: NO_FIELDS as Data });

class Rollback extends Error {
  readonly violation: Violation;

  constructor(violation: Violation) {
    super('constraint violated');
    this.violation = violation;
  }
}

export class HandlerRun {
  context: Data;
  state: string;
  // Shared empties until the first entry (see `add`): most handlers call no binding, test no guard
  // and broadcast nothing, and a first entry makes a list of exactly one (a push onto [] reserves 17).
  entered: readonly string[] = NO_ITEMS;
  emitted: readonly Envelope[] = NO_ITEMS;
  broadcasts: readonly BroadcastRequest[] = NO_ITEMS;
  calls: readonly ActionCall[] = NO_ITEMS;
  guards: readonly GuardResult[] = NO_ITEMS;
  warnings: readonly string[] = NO_ITEMS;
  reply?: Reply;
  violation?: Violation;
  /** This instance as an address (see selfAddress). */
  private self?: Envelope['from'];
  /** Where the guard being evaluated is, for error messages. */
  private where?: { readonly file: string; readonly line: number };
  /** The statement or guard line being run, named by the error if it fails (see located.ts). */
  private at?: Location;
  private readonly scope: Scope;
  private readonly machine: MachineDefinition;
  private readonly snapshot: Snapshot;
  private readonly envelope: Envelope;
  private readonly env: StepEnvironment;

  constructor(machine: MachineDefinition, snapshot: Snapshot, envelope: Envelope, env: StepEnvironment) {
    this.machine = machine;
    this.snapshot = snapshot;
    this.envelope = envelope;
    this.env = env;
    this.context = snapshot.context as Data;
    this.state = snapshot.state;
    this.scope = new RunScope(this, machine.name, snapshot.aggregate_id, envelope.data as Data, envelope.from);
  }

  /** Runs the body; returns a promise only when some statement had to wait. */
  execute(body: readonly Statement[]): void | Promise<void> {
    try {
      const pending = this.block(body, 0);
      if (pending) return pending.catch((error: unknown) => this.undo(error));
    } catch (error) {
      this.undo(error);
    }
  }

  private undo(error: unknown): void {
    if (!(error instanceof Rollback)) throw located(error, this.at);
    this.rollback(error.violation);
  }

  outcome(): Outcome {
    const before = this.snapshot.context;
    const context = this.context;
    let set: Data | undefined;
    let unset: string[] | undefined;
    if (context !== before && !hasKeys(before)) {
      // A first context is its own patch: one object for the record and the snapshot (both immutable).
      if (hasKeys(context)) set = context;
    } else if (context !== before) {
      for (const key in context) if (Object.hasOwn(context, key) && before[key] !== context[key]) put((set ??= {}), key, context[key]);
      for (const key in before) if (Object.hasOwn(before, key) && !Object.hasOwn(context, key)) (unset ??= []).push(key);
    }
    const patch = set === undefined && unset === undefined ? NO_PATCH : { set: set ?? NO_FIELDS, unset: unset ?? NO_ITEMS };
    const onlyMoved = patch === NO_PATCH && this.emitted.length === 0 && this.reply === undefined && this.entered.length === 1 && this.entered[0] === this.state;
    if (onlyMoved) return movedOnly(this.state);
    const outcome: Mutable<Outcome> = {
      state_after: this.state,
      context_patch: patch,
      states_entered: this.entered,
      // Records live long: a list grown past one entry is copied at its exact length.
      emitted: this.emitted.length > 1 ? this.emitted.slice() : this.emitted,
    };
    if (this.reply) outcome.reply = this.reply;
    return outcome;
  }

  /** Discards every change and tells the instance itself (`:constraint_violated` to @self). */
  private rollback(violation: Violation): void {
    this.violation = violation;
    this.context = this.snapshot.context as Data;
    this.state = this.snapshot.state;
    this.entered = NO_ITEMS;
    this.emitted = NO_ITEMS;
    this.broadcasts = NO_ITEMS;
    delete this.reply;
    this.emitted = add(this.emitted, this.envelopeTo(':constraint_violated', this.selfAddress(), this.envelope.conversation_id, { ...violation }));
  }

  /** Statements from `from` on: synchronously until one returns a promise, then the rest after it. */
  private block(statements: readonly Statement[], from: number): void | Promise<void> {
    for (let i = from; i < statements.length; i++) {
      const statement = statements[i] as Statement;
      if (statement.kind === 'GuardChain' && isGate(statement)) {
        const open = this.group(statement.branches[0] as GuardBranch);
        if (open instanceof Promise) return open.then((passed) => (passed ? this.block(statements, i + 1) : undefined));
        if (!open) return;
        continue;
      }
      const pending = this.statement(statement);
      if (pending) return pending.then(() => this.block(statements, i + 1));
    }
  }

  private statement(statement: Statement): void | Promise<void> {
    this.at = statement.loc;
    switch (statement.kind) {
      case 'Transition':
        this.state = statement.state;
        // Exact-size lists: one state is a shared frozen list, more are copied (records live long).
        this.entered = this.entered.length === 0 ? onlyState(statement.state) : withLast(this.entered, statement.state);
        return;
      case 'ContextOp':
        return this.contextOp(statement);
      case 'Emit':
        return this.emit(statement);
      case 'Reply':
        return andThen(this.replyOf(statement), (reply) => {
          this.reply = reply;
        });
      case 'Schedule':
        return this.schedule(statement);
      case 'Action':
        return this.action(statement.text, statement.loc);
      case 'GuardChain':
        return this.chain(statement);
      case 'ForEach':
        return statement.states.includes(this.state) ? this.block(statement.body, 0) : undefined;
    }
  }

  /** First matching branch wins; conditions see the state as it was when the chain started. */
  private chain(chain: GuardChain, from = 0): void | Promise<void> {
    for (let i = from; i < chain.branches.length; i++) {
      const branch = chain.branches[i] as GuardBranch;
      const matched = this.group(branch);
      if (matched instanceof Promise) return matched.then((yes) => (yes ? this.block(branch.body ?? [], 0) : this.chain(chain, i + 1)));
      if (matched) return this.block(branch.body ?? [], 0);
    }
    if (chain.otherwise) return this.block(chain.otherwise, 0);
  }

  /** OR over conjuncts; each `??` starts a conjunct, `?` lines AND into it. */
  private group(branch: GuardBranch): Maybe<boolean> {
    return this.conjuncts(branch.lines, 0, false, true);
  }

  private conjuncts(lines: readonly GuardLine[], from: number, anyConjunct: boolean, conjunct: boolean): Maybe<boolean> {
    for (let i = from; i < lines.length; i++) {
      const line = lines[i] as GuardLine;
      if (line.op === '??' && i > 0) {
        anyConjunct ||= conjunct;
        conjunct = true;
      }
      if (conjunct && !anyConjunct) {
        const value = this.guardLine(line);
        const before = anyConjunct;
        if (value instanceof Promise) return value.then((result) => this.conjuncts(lines, i + 1, before, result));
        conjunct = value;
      }
    }
    return anyConjunct || conjunct;
  }

  private guardLine(line: GuardLine): Maybe<boolean> {
    this.where = line.loc;
    this.at = line.loc;
    const forced = this.env.overrides?.guard?.(line.text, this.machine.name, this.envelope.event);
    if (forced !== undefined) return this.noteGuard(line.text, forced);
    const bound = this.env.bindings.match('guard', this.machine.name, line.text);
    const value = bound ? this.callGuard(bound) : testNow(line.condition, this.scope);
    return andThen(value, (result) => this.noteGuard(line.text, result));
  }

  /** @internal (RunScope) */
  guardText(text: string): Maybe<boolean> {
    const forced = this.env.overrides?.guard?.(text, this.machine.name, this.envelope.event);
    if (forced !== undefined) return forced;
    const bound = this.env.bindings.match('guard', this.machine.name, text);
    if (!bound) throw new MissingBindingError('guard', text, this.where ? `${this.where.file}:${this.where.line}` : this.machine.name);
    return this.callGuard(bound);
  }

  private callGuard(bound: PatternMatch): Maybe<boolean> {
    const result = bound.fn(this.bindingContext(false), ...this.args(bound.args));
    return isThenable(result) ? Promise.resolve(result).then(Boolean) : Boolean(result);
  }

  private noteGuard(text: string, value: boolean): boolean {
    this.guards = add(this.guards, { text, value });
    return value;
  }

  private action(text: string, loc: { file: string; line: number }): void | Promise<void> {
    const bound = this.env.bindings.match('action', this.machine.name, text);
    const args = bound ? this.args(bound.args) : [];
    const override = this.env.overrides?.action?.(text, this.machine.name, this.envelope.event, args);
    if (override) {
      this.calls = add(this.calls, { text, args, via: 'assume' });
      if (override.kind === 'throws') throw new HandlerError(`Action '${text}' failed: ${describeThrown(override.value)}`);
      if (override.kind === 'returns') this.merge(override.value);
      if (override.kind === 'triggers') {
        this.emitted = add(this.emitted, this.envelopeTo(override.event, this.selfAddress(), this.envelope.conversation_id, {}));
      }
      return;
    }
    if (!bound) {
      if (this.env.mode === 'runtime') throw new MissingBindingError('action', text, `${loc.file}:${loc.line}`);
      this.calls = add(this.calls, { text, args, via: 'unbound' });
      this.warnings = add(this.warnings, `No binding for action '${text}' (${loc.file}:${loc.line}): treated as a no-op`);
      return;
    }
    this.calls = add(this.calls, { text, args, via: 'binding' });
    const result = bound.fn(this.bindingContext(true), ...args);
    if (isThenable(result)) return Promise.resolve(result).then((value) => this.mergeResult(value));
    this.mergeResult(result);
  }

  /** An action's returned object is merged into the context. */
  private mergeResult(result: unknown): void {
    if (result && typeof result === 'object') this.merge(result as Data);
  }

  private merge(patch: Data): void {
    this.context = { ...this.context, ...copyData(patch) };
  }

  /** Synchronous unless the value comes from a synchronous request or the line has a validation table. */
  private contextOp(op: ContextOp): void | Promise<void> {
    if (op.emit) {
      const emit = op.emit;
      return this.request(emit).then((value) => this.assign(op, value));
    }
    return this.assign(op, undefined);
  }

  private assign(op: ContextOp, requested: unknown): void | Promise<void> {
    const path = splitPath(op.variable);
    const current = getPath(this.context, path);
    let next: unknown;
    switch (op.op) {
      case 'becomes':
        if (op.emit) next = requested;
        else next = op.value?.kind === 'EmptyValue' ? emptyOf(op.type) : copyData(evaluate(op.value ?? { kind: 'Literal', value: null }, this.scope));
        break;
      case 'increases':
      case 'decreases': {
        const amount = evaluate(op.value ?? { kind: 'Literal', value: 0 }, this.scope);
        const base = current ?? 0;
        if (typeof base !== 'number' || typeof amount !== 'number') {
          throw new HandlerError(`Cannot ${op.op === 'increases' ? 'increase' : 'decrease'} $${op.variable} (${JSON.stringify(base)}) by ${JSON.stringify(amount)}: both must be numbers`);
        }
        next = op.op === 'increases' ? base + amount : base - amount;
        break;
      }
      case 'adds': {
        const list = current ?? [];
        if (!Array.isArray(list)) throw new HandlerError(`Cannot add to $${op.variable}: it is not a collection`);
        next = [...list, copyData(evaluate(op.value ?? { kind: 'Literal', value: null }, this.scope))];
        break;
      }
      case 'removes': {
        if (current === undefined) return;
        if (!Array.isArray(current)) throw new HandlerError(`Cannot remove from $${op.variable}: it is not a collection`);
        const item = evaluate(op.value ?? { kind: 'Literal', value: null }, this.scope);
        const index = current.findIndex((x) => deepEqual(x, item));
        next = index < 0 ? current : [...current.slice(0, index), ...current.slice(index + 1)];
        break;
      }
      case 'clears':
        if (current === undefined) return;
        next = Array.isArray(current) ? [] : typeof current === 'string' ? '' : {};
        break;
    }
    if (op.type && !hasType(next, op.type)) {
      throw new Rollback({ variable: op.variable, rules_failed: [op.type], value: next });
    }
    this.context = setPath(this.context, path, next);
    if (op.validation) return this.validateContext(op.validation);
  }

  private async validateContext(rows: NonNullable<ContextOp['validation']>): Promise<void> {
    for (const row of rows) {
      const value = getPath(this.context, splitPath(row.variable));
      const problems = await checkRules(row.variable, value, row.rules, (name) => this.rule(name));
      if (problems.length > 0) throw new Rollback({ variable: row.variable, rules_failed: problems.map((p) => p.rule), value });
    }
  }

  private rule(name: string) {
    return this.env.bindings.named('rule', this.machine.name, name) as ((value: unknown, ...args: unknown[]) => true | string) | undefined;
  }

  private emit(emit: Emit): void {
    const { data, rules } = this.payload(emit.with);
    const target = emit.target.machine;
    if (emit.target.all) {
      this.broadcasts = add(this.broadcasts, { event: emit.event, machine: target, states: emit.target.states, data });
      return;
    }
    if (target === '@self') {
      this.emitted = add(this.emitted, this.envelopeTo(emit.event, this.selfAddress(), this.envelope.conversation_id, data, rules));
      return;
    }
    const external = !this.env.machines.has(target);
    const route = routeEmit(this.snapshot, this.envelope, target, () => this.env.ids.conversationId(), external);
    this.emitted = add(this.emitted, this.envelopeTo(emit.event, route.to, route.conversation_id, data, rules));
  }

  private async request(emit: Emit): Promise<unknown> {
    if (!this.env.request) throw new HandlerError(`'$x becomes emit ${emit.event}' needs a runtime that supports synchronous requests`);
    const { data } = this.payload(emit.with);
    const route = routeEmit(this.snapshot, this.envelope, emit.target.machine, () => this.env.ids.conversationId());
    return this.env.request(this.envelopeTo(emit.event, route.to, route.conversation_id, data), this.envelope);
  }

  private payload(clause: WithClause | undefined): { data: Data; rules?: Record<string, readonly ValidationRule[]> } {
    if (!clause) return NO_PAYLOAD;
    const data: Data = {};
    let problems: FieldProblem[] | undefined;
    let rules: Record<string, readonly ValidationRule[]> | undefined;
    for (let i = 0; i < clause.fields.length; i++) {
      const field = clause.fields[i] as WithClause['fields'][number];
      const value = copyData(evaluate(field.value, this.scope));
      if (field.type && !hasType(value, field.type)) {
        (problems ??= []).push({ field: field.name, rule: field.type, message: `must be ${field.type}, got ${JSON.stringify(value)}` });
      }
      if (field.validation?.length) put((rules ??= {}), field.name, field.validation);
      put(data, field.name, value);
    }
    if (problems) throw new ValidationError('Invalid event data', problems);
    return rules ? { data, rules } : { data };
  }

  /** This instance as an address (one object per run: envelopes are immutable). */
  private selfAddress(): Envelope['from'] {
    return (this.self ??= { machine: this.machine.name, aggregate_id: this.snapshot.aggregate_id });
  }

  private envelopeTo(event: string, to: Envelope['to'], conversation: string, data: Data, rules?: Envelope['rules']): Envelope {
    const envelope: Mutable<Envelope> = {
      id: this.env.ids.eventId(),
      event,
      conversation_id: conversation,
      from: this.selfAddress(),
      to,
      data,
      timestamp: isoTime(this.env.clock),
      causation_id: this.envelope.id,
    };
    if (rules) envelope.rules = rules;
    return envelope;
  }

  private schedule(statement: ScheduleStmt): void {
    const delay = evaluate(statement.delay, this.scope);
    if (typeof delay !== 'number') throw new HandlerError(`schedule ${statement.event}: the delay must be a number, got ${JSON.stringify(delay)}`);
    const envelope = this.envelopeTo(statement.event, this.selfAddress(), this.envelope.conversation_id, {});
    const due = new Date(Date.parse(envelope.timestamp) + delay * UNIT_MS[statement.unit]).toISOString();
    this.emitted = add(this.emitted, { ...envelope, from: machineAddress('@system'), not_before: due });
  }

  private replyOf(statement: ReplyStmt): Maybe<Reply> {
    const body = statement.body;
    switch (body.kind) {
      case 'fields':
        return { status: statement.status, body: Object.fromEntries(body.fields.map((f) => [f.key, copyData(evaluate(f.value, this.scope))])) };
      case 'named': {
        const named = this.machine.responses.get(body.name);
        if (!named) throw new HandlerError(`Unknown response '${body.name}' in ${this.machine.name}`);
        return { status: statement.status, body: Object.fromEntries(named.fields.map((f) => [f.key, copyData(evaluate(f.value, this.scope))])) };
      }
      case 'transformer': {
        const fn = this.env.bindings.named('transformer', this.machine.name, body.name);
        if (!fn) throw new MissingBindingError('transformer', body.name, this.machine.name);
        return andThen(fn(this.bindingContext(false)) as Maybe<unknown>, (body) => ({ status: statement.status, body: copyData(body as Data) ?? {} }));
      }
      case 'none':
        return { status: statement.status, body: {} };
    }
  }

  /** @internal (RunScope) */
  callFunction(name: string, args: unknown[]): unknown {
    if (name === 'uuid' && args.length === 0) return this.env.ids.uuid();
    if (name === 'now' && args.length === 0) return isoTime(this.env.clock);
    const fn = this.env.bindings.named('function', this.machine.name, name);
    if (!fn) throw new MissingBindingError('function', `${name}()`, this.machine.name);
    const result = fn(this.bindingContext(false), ...args);
    if (result instanceof Promise) throw new HandlerError(`Function ${name}() must return a value, not a Promise`);
    return result;
  }

  /** Converts placeholder captures: numbers (or `$vars`), unquoted strings; others as written. */
  private args(raw: readonly RawArgument[]): unknown[] {
    return raw.map(({ placeholder, text }) => {
      if (text.startsWith('$')) return readVariable(this.scope, splitPath(text.slice(1)));
      if (placeholder === 'number') return Number(text);
      if (placeholder === 'string' && text.startsWith('"')) return JSON.parse(text) as string;
      return text;
    });
  }

  private bindingContext(writable: boolean): BindingContext {
    const run = this;
    return {
      get: <T>(path: string, fallback?: T): T => {
        const value = readVariable(run.scope, splitPath(path));
        return (value === undefined ? fallback : copyData(value)) as T;
      },
      set: (path, value) => {
        if (!writable) throw new HandlerError(`A guard cannot change context (tried to set '${path}')`);
        run.context = setPath(run.context, splitPath(path), copyData(value));
      },
      get state() {
        return run.state;
      },
      aggregateId: this.snapshot.aggregate_id,
      machine: this.machine.name,
      event: {
        name: this.envelope.event,
        // A copy, made on first use: the payload is stored with the record (and may be shared and frozen).
        get data() {
          const data = copyData(run.envelope.data as Data);
          Object.defineProperty(this, 'data', { value: data, enumerable: true });
          return data;
        },
        from: this.envelope.from.machine,
      },
      now: () => new Date(this.env.clock.now()),
    };
  }
}

/** What expressions of one handler run see: its payload, working context and state. */
class RunScope implements Scope {
  readonly machine: string;
  readonly aggregateId: string;
  readonly payload: Data;
  readonly from: Envelope['from'];
  private readonly run: HandlerRun;

  constructor(run: HandlerRun, machine: string, aggregateId: string, payload: Data, from: Envelope['from']) {
    this.run = run;
    this.machine = machine;
    this.aggregateId = aggregateId;
    this.payload = payload;
    this.from = from;
  }

  context(): Data {
    return this.run.context;
  }

  state(): string {
    return this.run.state;
  }

  call(name: string, args: unknown[]): unknown {
    return this.run.callFunction(name, args);
  }

  guard(text: string): Maybe<boolean> {
    return this.run.guardText(text);
  }
}

/** `list` with `item` at the end: the shared empty list is replaced by a new one, any other grows in place. */
function add<T>(list: readonly T[], item: T): readonly T[] {
  if (list === NO_ITEMS) return [item];
  (list as T[]).push(item);
  return list;
}

function isGate(chain: GuardChain): boolean {
  return chain.branches.length === 1 && chain.branches[0]?.body === undefined && !chain.otherwise;
}

function describeThrown(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

export { stateName };
