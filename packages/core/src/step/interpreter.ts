// Runs one handler body over a working copy, statement by statement. A statement that has to wait
// (a binding's promise, a synchronous request) yields what it waits for and is resumed with it.
import type { ContextOp, Emit, GuardBranch, GuardChain, KeyValue, Location, Reply, ScheduleStmt, Statement, ValidationRow, WithClause } from '@eventflow/language';
import type { Envelope } from '../envelope.ts';
import { HandlerError, ValidationError, type FieldProblem } from '../errors.ts';
import { evaluate } from '../evaluate.ts';
import type { MachineDefinition } from '../definition.ts';
import { isThenable } from '../maybe.ts';
import type { Snapshot } from '../snapshot.ts';
import { checkRules, hasType } from '../validation.ts';
import { copyData, getPath, NO_FIELDS, put, setPath, splitPath, type Data } from '../values.ts';
import type { BindingHost } from './binding-host.ts';
import { nextValue, UNCHANGED } from './context-ops.ts';
import type { EnvelopeFactory } from './envelopes.ts';
import type { Steps } from './environment.ts';
import type { Violation, WorkingCopy } from './working-copy.ts';

/** A payload and the rules its sender declared per field (the receiver checks them). */
interface Payload {
  readonly data: Data;
  readonly rules?: Envelope['rules'];
}

const NO_PAYLOAD: Payload = Object.freeze({ data: NO_FIELDS as Data });

/** A context constraint failed: the whole run is rolled back (thrown through every statement). */
class Rollback extends Error {
  readonly violation: Violation;

  constructor(violation: Violation) {
    super('constraint violated');
    this.violation = violation;
  }
}

export class Interpreter {
  /** The statement or guard line being run: a failure names it (see located.ts). */
  at: Location | undefined;
  private readonly machine: MachineDefinition;
  private readonly snapshot: Snapshot;
  private readonly copy: WorkingCopy;
  private readonly host: BindingHost;
  private readonly envelopes: EnvelopeFactory;

  constructor(machine: MachineDefinition, snapshot: Snapshot, copy: WorkingCopy, host: BindingHost, envelopes: EnvelopeFactory) {
    this.machine = machine;
    this.snapshot = snapshot;
    this.copy = copy;
    this.host = host;
    this.envelopes = envelopes;
  }

  /**
   * After a run failed with `error`: true when it was a broken context constraint, which discards
   * every change and tells the instance itself (`:constraint_violated` to @self).
   */
  rolledBack(error: unknown): boolean {
    if (!(error instanceof Rollback)) return false;
    this.copy.discard(this.snapshot, error.violation);
    this.copy.emit(this.envelopes.toSelf(':constraint_violated', { ...error.violation }));
    return true;
  }

  /** Runs statements in order (a handler body, a branch). */
  *block(statements: readonly Statement[]): Steps<void> {
    for (let i = 0; i < statements.length; i++) {
      const statement = statements[i] as Statement;
      this.at = statement.loc;
      switch (statement.kind) {
        case 'Transition':
          this.copy.moveTo(statement.state, this.machine.enteredAlone.get(statement.state));
          break;
        case 'ContextOp':
          if (statement.emit || statement.validation) yield* this.contextOpThatWaits(statement);
          else this.assign(statement, undefined);
          break;
        case 'Emit':
          this.emit(statement);
          break;
        case 'Reply':
          yield* this.reply(statement);
          break;
        case 'Schedule':
          this.schedule(statement);
          break;
        case 'Action': {
          const pending = this.host.action(statement.text, statement.loc);
          if (pending) yield pending;
          break;
        }
        case 'GuardChain':
          // A gate (one group without a body) guards the rest of this block.
          if (isGate(statement)) {
            if (!(yield* this.matches(statement.branches[0] as GuardBranch))) return;
          } else {
            yield* this.chain(statement);
          }
          break;
        case 'ForEach':
          if (statement.states.includes(this.copy.state)) yield* this.block(statement.body);
          break;
      }
    }
  }

  /** The first branch whose guards match runs; else `otherwise`. */
  private *chain(chain: GuardChain): Steps<void> {
    for (const branch of chain.branches) {
      if (yield* this.matches(branch)) {
        yield* this.block(branch.body ?? []);
        return;
      }
    }
    if (chain.otherwise) yield* this.block(chain.otherwise);
  }

  /** OR over conjuncts: each `??` line starts one, `?` lines AND into it; a line whose result cannot matter is not tested. */
  private *matches(branch: GuardBranch): Steps<boolean> {
    const lines = branch.lines;
    let anyConjunct = false;
    let conjunct = true;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] as (typeof lines)[number];
      if (line.op === '??' && i > 0) {
        anyConjunct ||= conjunct;
        conjunct = true;
      }
      if (conjunct && !anyConjunct) {
        this.at = line.loc;
        const value = this.host.guardLine(line);
        conjunct = isThenable(value) ? ((yield value) as boolean) : value;
      }
    }
    return anyConjunct || conjunct;
  }

  /** `$x becomes emit ...` asks the shell to handle the request first; a validation table may wait for rule bindings. */
  private *contextOpThatWaits(op: ContextOp): Steps<void> {
    const requested = op.emit ? yield { kind: 'request', envelope: this.envelopes.request(op.emit, this.payload(op.emit.with).data) } : undefined;
    if (this.assign(op, requested) && op.validation) yield* this.validate(op.validation);
  }

  /** `$x becomes ...` and friends; false when the line left the variable alone. */
  private assign(op: ContextOp, requested: unknown): boolean {
    const path = this.pathOf(op.variable);
    const next = nextValue(op, getPath(this.copy.context, path), requested, this.host);
    if (next === UNCHANGED) return false;
    if (op.type && !hasType(next, op.type)) throw new Rollback({ variable: op.variable, rules_failed: [op.type], value: next });
    this.copy.context = setPath(this.copy.context, path, next);
    return true;
  }

  /** A validation table under a context line: a variable breaking its rules rolls the run back. */
  private *validate(rows: readonly ValidationRow[]): Steps<void> {
    for (const row of rows) {
      const value = getPath(this.copy.context, this.pathOf(row.variable));
      const problems = (yield checkRules(row.variable, value, row.rules, (name) => this.host.rule(name))) as FieldProblem[];
      if (problems.length > 0) throw new Rollback({ variable: row.variable, rules_failed: problems.map((p) => p.rule), value });
    }
  }

  private pathOf(variable: string): readonly string[] {
    return this.machine.paths.get(variable) ?? splitPath(variable);
  }

  private emit(emit: Emit): void {
    const { data, rules } = this.payload(emit.with);
    const target = emit.target;
    if (target.all) this.copy.broadcast({ event: emit.event, machine: target.machine, states: target.states, data });
    else this.copy.emit(this.envelopes.emit(emit, data, rules));
  }

  private schedule(statement: ScheduleStmt): void {
    const delay = evaluate(statement.delay, this.host);
    if (typeof delay !== 'number') throw new HandlerError(`schedule ${statement.event}: the delay must be a number, got ${JSON.stringify(delay)}`);
    this.copy.emit(this.envelopes.schedule(statement.event, delay, statement.unit));
  }

  private *reply(statement: Reply): Steps<void> {
    const body = statement.body;
    let fields: Data;
    switch (body.kind) {
      case 'fields':
        fields = this.fields(body.fields);
        break;
      case 'named': {
        const named = this.machine.responses.get(body.name);
        if (!named) throw new HandlerError(`Unknown response '${body.name}' in ${this.machine.name}`);
        fields = this.fields(named.fields);
        break;
      }
      case 'transformer': {
        const made = this.host.transformer(body.name);
        fields = isThenable(made) ? ((yield made) as Data) : made;
        break;
      }
      case 'none':
        fields = {};
        break;
    }
    this.copy.reply = { status: statement.status, body: fields };
  }

  private fields(pairs: readonly KeyValue[]): Data {
    return Object.fromEntries(pairs.map((pair) => [pair.key, copyData(evaluate(pair.value, this.host))]));
  }

  /** A `with` clause's values; a value of the wrong declared type fails the handler. */
  private payload(clause: WithClause | undefined): Payload {
    if (!clause) return NO_PAYLOAD;
    const data: Data = {};
    let problems: FieldProblem[] | undefined;
    let rules: Record<string, NonNullable<WithClause['fields'][number]['validation']>> | undefined;
    for (const field of clause.fields) {
      const value = copyData(evaluate(field.value, this.host));
      if (field.type && !hasType(value, field.type)) {
        (problems ??= []).push({ field: field.name, rule: field.type, message: `must be ${field.type}, got ${JSON.stringify(value)}` });
      }
      if (field.validation?.length) put((rules ??= {}), field.name, field.validation);
      put(data, field.name, value);
    }
    if (problems) throw new ValidationError('Invalid event data', problems);
    return rules ? { data, rules } : { data };
  }
}

function isGate(chain: GuardChain): boolean {
  return chain.branches.length === 1 && chain.branches[0]?.body === undefined && !chain.otherwise;
}
