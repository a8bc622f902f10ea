// Replay: folding stored records rebuilds the instance the live step left.
import { describe, expect, it } from 'vitest';
import type { Address, Envelope } from './envelope.ts';
import type { StoredRecord } from './record.ts';
import { advance, initialSnapshot, MAX_CONVERSATIONS, MAX_HISTORY, MAX_LINKS_PER_MACHINE, replay } from './replay.ts';
import type { Snapshot } from './snapshot.ts';

const NO_PATCH = { set: {}, unset: [] };

interface Step {
  readonly entered?: readonly string[];
  readonly from?: Address;
  readonly conversation?: string;
  readonly emitted?: readonly Envelope[];
}

/** Records of @order:order-1, seq 1..n, as the runtime would store them. */
function records(steps: readonly Step[]): StoredRecord[] {
  return steps.map((step, i) => ({
    aggregate_id: 'order-1',
    machine: '@order',
    seq: i + 1,
    event_id: `evt-${i + 1}`,
    event_type: ':e',
    data: {},
    conversation_id: step.conversation ?? `conv-in-${i + 1}`,
    from: step.from ?? { machine: '@customer' },
    timestamp: '2026-01-01T00:00:00.000Z',
    outcome: {
      state_after: step.entered?.at(-1) ?? '#idle',
      context_patch: NO_PATCH,
      states_entered: step.entered ?? [],
      emitted: step.emitted ?? [],
    },
  }));
}

function emitTo(machine: string, conversation: string): Envelope {
  return {
    id: `evt-out-${conversation}`,
    event: ':request',
    conversation_id: conversation,
    from: { machine: '@order', aggregate_id: 'order-1' },
    to: { machine },
    data: {},
    timestamp: '2026-01-01T00:00:00.000Z',
  };
}

/** The live path: one record at a time, as the runtime advances a cached instance. */
function oneByOne(list: readonly StoredRecord[]): Snapshot {
  return list.reduce((snapshot, record) => advance(snapshot, record, snapshot.context), initialSnapshot('@order', 'order-1'));
}

describe('replay bounds what grows with the history', () => {
  it(`keeps the last ${MAX_HISTORY} states entered, in order, folded at once or one record at a time`, () => {
    const list = records(Array.from({ length: MAX_HISTORY + 44 }, (_, i) => ({ entered: [`#s${i}`] })));
    const folded = replay(initialSnapshot('@order', 'order-1'), list);
    expect(folded.history).toHaveLength(MAX_HISTORY);
    expect(folded.history[0]).toBe('#s44');
    expect(folded.history.at(-1)).toBe(`#s${MAX_HISTORY + 43}`);
    expect(folded.state).toBe(`#s${MAX_HISTORY + 43}`);
    expect(oneByOne(list)).toEqual(folded);
  });

  it('appends several states entered by one record after the earlier ones', () => {
    const folded = replay(initialSnapshot('@order', 'order-1'), records([{ entered: ['#a'] }, { entered: ['#b', '#c'] }, { entered: ['#d'] }]));
    expect(folded.history).toEqual(['#a', '#b', '#c', '#d']);
  });

  it(`keeps one link per correspondent instance, the most recent last, at most ${MAX_LINKS_PER_MACHINE} per machine`, () => {
    const payments = Array.from({ length: MAX_LINKS_PER_MACHINE + 3 }, (_, i) => `payment-${i}`);
    const steps: Step[] = payments.map((id, i) => ({ from: { machine: '@payment', aggregate_id: id }, conversation: `conv-${i}` }));
    // payment-5 talks again in a new conversation: its link moves to the end and is not doubled.
    steps.push({ from: { machine: '@payment', aggregate_id: 'payment-5' }, conversation: 'conv-again' });
    const folded = replay(initialSnapshot('@order', 'order-1'), records(steps));
    const links = folded.links['@payment'] ?? [];
    expect(links).toHaveLength(MAX_LINKS_PER_MACHINE);
    expect(links.at(-1)).toEqual({ aggregate_id: 'payment-5', conversation_id: 'conv-again' });
    expect(links.filter((link) => link.aggregate_id === 'payment-5')).toHaveLength(1);
    expect(links.map((link) => link.aggregate_id)).toEqual([...payments.slice(3).filter((id) => id !== 'payment-5'), 'payment-5']);
    expect(oneByOne(records(steps))).toEqual(folded);
  });

  it(`moves a conversation used again to the end, keeps its parent, and remembers at most ${MAX_CONVERSATIONS}`, () => {
    const steps: Step[] = [
      // Handling @customer's conv-in-1, the order asks @payment in conv-pay: nested under conv-in-1.
      { conversation: 'conv-in-1', emitted: [emitTo('@payment', 'conv-pay')] },
      ...Array.from({ length: MAX_CONVERSATIONS - 1 }, (_, i): Step => ({ conversation: `conv-x-${i}`, emitted: [emitTo('@audit', `conv-audit-${i}`)] })),
    ];
    const before = replay(initialSnapshot('@order', 'order-1'), records(steps));
    expect(before.conversations).toHaveLength(MAX_CONVERSATIONS);
    expect(before.conversations[0]).toEqual({ id: 'conv-pay', peer: { machine: '@payment' }, parent: 'conv-in-1', parentPeer: { machine: '@customer' } });

    // The payment answers in conv-pay: the entry moves to the end, now naming the instance.
    steps.push({ from: { machine: '@payment', aggregate_id: 'payment-9' }, conversation: 'conv-pay' });
    const after = replay(initialSnapshot('@order', 'order-1'), records(steps));
    expect(after.conversations).toHaveLength(MAX_CONVERSATIONS);
    expect(after.conversations.at(-1)).toEqual({ id: 'conv-pay', peer: { machine: '@payment', aggregate_id: 'payment-9' }, parent: 'conv-in-1', parentPeer: { machine: '@customer' } });
    expect(after.conversations[0]?.id).toBe('conv-audit-0');

    // One more conversation drops the oldest.
    steps.push({ conversation: 'conv-y', emitted: [emitTo('@audit', 'conv-audit-last')] });
    const bounded = replay(initialSnapshot('@order', 'order-1'), records(steps));
    expect(bounded.conversations).toHaveLength(MAX_CONVERSATIONS);
    expect(bounded.conversations[0]?.id).toBe('conv-audit-1');
    expect(bounded.conversations.at(-1)?.id).toBe('conv-audit-last');
    expect(oneByOne(records(steps))).toEqual(bounded);
  });

  it('keeps a __proto__ key of a context patch as data', () => {
    const [record] = records([{}]);
    const patched = { ...(record as StoredRecord), outcome: { ...(record as StoredRecord).outcome, context_patch: { set: JSON.parse('{"__proto__": {"x": 1}, "n": 2}'), unset: [] } } };
    const folded = replay(initialSnapshot('@order', 'order-1'), [patched]);
    expect(Object.keys(folded.context)).toEqual(['__proto__', 'n']);
    expect(Object.getPrototypeOf(folded.context)).toBe(Object.prototype);
  });

  it('never changes the snapshot it folds onto', () => {
    const base = replay(initialSnapshot('@order', 'order-1'), records([{ entered: ['#a'], from: { machine: '@payment', aggregate_id: 'payment-1' }, emitted: [emitTo('@audit', 'conv-a')] }]));
    const copy = structuredClone(base);
    const next = records([{}, { entered: ['#b'], from: { machine: '@payment', aggregate_id: 'payment-2' }, emitted: [emitTo('@audit', 'conv-b')] }])[1] as StoredRecord;
    replay(base, [next]);
    expect(base).toEqual(copy);
  });
});
