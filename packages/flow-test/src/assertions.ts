// Checks `=` lines against a world (LANGUAGE.md §6.3). Returns undefined when an assertion holds,
// else a message saying what was expected and what was found.
import {
  BindingRegistry,
  compare,
  dataScope,
  deepEqual,
  evaluate,
  getPath,
  isEmptyValue,
  readVariable,
  stateName,
  testCondition,
  type BindingContext,
  type InstanceView,
  type Scope,
} from '@eventflow/core';
import type { Assertion, Expr } from '@eventflow/language';
import { literalArgs } from './binding-args.ts';
import type { World } from './world.ts';

export interface AssertionScope {
  readonly world: World;
  readonly underTest: InstanceView;
  readonly bindings: BindingRegistry;
  /** Context when the test started (after `given:`), for `increased` / `decreased`. */
  readonly initialContext: Readonly<Record<string, unknown>>;
  /** In an event-level `expect:`, the payload of that event: `$item` reads it before the context (§3.8.6). */
  readonly payload?: Readonly<Record<string, unknown>>;
}

export async function check(assertion: Assertion, scope: AssertionScope): Promise<string | undefined> {
  const { underTest } = scope;
  const data = { payload: (scope.payload ?? {}) as Record<string, unknown>, context: underTest.context as Record<string, unknown>, state: underTest.state };
  const value = (expr: Expr) => evaluate(expr, dataScope(data));
  switch (assertion.kind) {
    case 'AssertState': {
      const target = await subjectInstance(assertion.subject, scope);
      if (!target) return `${assertion.text}: no instance of @${assertion.subject} exists`;
      const inside = target.state === assertion.state;
      const entered = target.history.includes(assertion.state);
      const ok =
        assertion.mode === 'is in' ? inside : assertion.mode === 'is not in' ? !inside : assertion.mode === 'has never been in' ? !entered : entered;
      return ok ? undefined : `Expected ${assertion.subject} ${assertion.mode} ${assertion.state}, but it is in ${target.state} (history: ${target.history.join(' → ') || 'none'})`;
    }
    case 'AssertCondition': {
      const condScope = { ...dataScope(data), guard: (text: string) => boundAssert(text, scope) };
      const ok = await testCondition(assertion.condition, condScope);
      return ok ? undefined : `Expected ${assertion.text}, but ${describeFacts(assertion.text, condScope)}`;
    }
    case 'AssertCount': {
      const list = readVariable(dataScope(data), [assertion.variable]);
      const length = Array.isArray(list) ? list.length : isEmptyValue(list) ? 0 : undefined;
      const ok = assertion.count === undefined ? (length ?? 0) > 0 : length === assertion.count;
      return ok ? undefined : `Expected ${assertion.text}, but $${assertion.variable} is ${JSON.stringify(list)}`;
    }
    case 'AssertAfter': {
      const ok = compare('>', value(assertion.left), value(assertion.right));
      return ok ? undefined : `Expected ${assertion.text}: ${JSON.stringify(value(assertion.left))} is not after ${JSON.stringify(value(assertion.right))}`;
    }
    case 'AssertChanged': {
      const before = scope.initialContext[assertion.variable];
      const now = underTest.context[assertion.variable];
      const ok = typeof now === 'number' && (assertion.direction === 'increased' ? now > Number(before ?? 0) : now < Number(before ?? 0));
      return ok ? undefined : `Expected $${assertion.variable} ${assertion.direction}, but it went from ${JSON.stringify(before)} to ${JSON.stringify(now)}`;
    }
    case 'AssertEvent': {
      const matches = scope.world.envelopes.filter(
        (e) => e.event === assertion.event && (assertion.actor === undefined || e.to.machine === assertion.actor),
      );
      const withData = matches.filter((e) => assertion.with.every((kv) => deepEqual(e.data[kv.key], value(kv.value))));
      const ok = assertion.negated ? matches.length === 0 : withData.length > 0;
      if (ok) return undefined;
      const sent = scope.world.envelopes.map((e) => `${e.event} → ${e.to.machine}`).join(', ') || 'nothing';
      return `Expected ${assertion.text}, but the events sent were: ${sent}`;
    }
    case 'AssertCalled': {
      const calls = scope.world.calls.filter((c) => matchesAction(assertion.action, c.text));
      const withArgs = calls.filter((c) => assertion.with.every((kv, i) => deepEqual(c.args[i], value(kv.value))));
      const ok = assertion.negated ? calls.length === 0 : withArgs.length > 0;
      return ok ? undefined : `Expected '${assertion.action}' ${assertion.negated ? 'not ' : ''}to be called; calls: ${scope.world.calls.map((c) => c.text).join(', ') || 'none'}`;
    }
    case 'AssertReply': {
      const reply = scope.world.lastReply;
      if (!reply) return `Expected ${assertion.text}, but no reply was given`;
      if (assertion.check === 'status') return reply.status === value(assertion.value ?? { kind: 'Literal', value: null }) ? undefined : `Expected ${assertion.text}, got status ${reply.status}`;
      const field = getPath(reply.body, (assertion.key ?? '').split('.'));
      if (assertion.check === 'contains') return field !== undefined ? undefined : `Expected ${assertion.text}; reply body: ${JSON.stringify(reply.body)}`;
      return deepEqual(field, value(assertion.value ?? { kind: 'Literal', value: null }))
        ? undefined
        : `Expected ${assertion.text}; reply body: ${JSON.stringify(reply.body)}`;
    }
    case 'AssertText': {
      // `= @customer received confirmation`: a bare word that names an event that was sent (A22).
      const bare = /^(@[a-z_][a-z0-9_]*) received ([a-z_][a-z0-9_]*)$/.exec(assertion.text);
      if (bare && !scope.bindings.match('assertion', underTest.machine, assertion.text)) {
        const sent = scope.world.envelopes.some((e) => e.to.machine === bare[1] && e.event === `:${bare[2]}`);
        return sent ? undefined : `Expected ${bare[1]} to receive :${bare[2]}`;
      }
      return (await boundAssert(assertion.text, scope)) ? undefined : `Assertion failed: ${assertion.text}`;
    }
  }
}

async function boundAssert(text: string, scope: AssertionScope): Promise<boolean> {
  const bound = scope.bindings.match('assertion', scope.underTest.machine, text);
  if (!bound) throw new Error(`No binding found for assertion '${text}'`);
  const result = await bound.fn(viewContext(scope.underTest), ...literalArgs(bound.args));
  return result !== false;
}

function viewContext(view: InstanceView): BindingContext {
  return {
    get: <T>(path: string, fallback?: T) => (getPath(view.context, path.split('.')) ?? fallback) as T,
    set: () => {
      throw new Error('An assertion cannot change context');
    },
    state: view.state,
    aggregateId: view.aggregate_id,
    machine: view.machine,
    event: { name: ':assert', data: {} },
    now: () => new Date(),
  };
}

/** In a system test `payment is in #x` talks about @payment; anything else about the instance under test. */
async function subjectInstance(subject: string, scope: AssertionScope): Promise<InstanceView | undefined> {
  const machine = subject.startsWith('@') ? subject : `@${subject}`;
  if (machine !== scope.underTest.machine && scope.world.machines.has(machine)) {
    return scope.world.instanceOf(machine, scope.underTest);
  }
  return scope.underTest;
}

/** A short name matches when it is the whole text, a wildcard pattern, or a unique part of it. */
export function matchesAction(pattern: string, text: string): boolean {
  if (pattern === text) return true;
  if (pattern.includes('*') || pattern.includes('{any}')) {
    const source = pattern
      .split(/(\*|\{any\})/)
      .map((part) => (part === '*' || part === '{any}' ? '.*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
      .join('');
    return new RegExp(`^${source}$`).test(text);
  }
  return text.includes(pattern);
}

function describeFacts(text: string, scope: Scope): string {
  const names = [...text.matchAll(/\$([a-z_][a-z0-9_.]*)/g)].map((m) => m[1] as string);
  const facts = names.map((n) => `$${n} is ${JSON.stringify(readVariable(scope, n.split('.')))}`);
  return facts.length > 0 ? facts.join(', ') : `the instance is in ${scope.state()} with context ${JSON.stringify(scope.context())}`;
}

export { stateName };
