// Readable output for the demo: a table of orders, the conversation trail behind one checkout, and
// the order's state at each seq (time travel over its stored records).
import { displayId, type Envelope, type EventStore, type InstanceView, type Runtime } from '@eventflow/core';

/** Left-aligned columns with a header rule. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The state of the instance of `machine` this order talked to, if any. */
export async function linkedState(runtime: Runtime, order: InstanceView, machine: string): Promise<string> {
  const link = order.links[machine]?.at(-1);
  return link ? (await runtime.state(link.aggregate_id)).state : '-';
}

/** Every envelope caused, directly or not, by the event `rootId`, in send order. */
export function causedBy(rootId: string, sent: readonly Envelope[]): Envelope[] {
  const byId = new Map(sent.map((e) => [e.id, e]));
  const descends = (envelope: Envelope): boolean => {
    const seen = new Set<string>();
    for (let cause = envelope.causation_id; cause && !seen.has(cause); cause = byId.get(cause)?.causation_id) {
      if (cause === rootId) return true;
      seen.add(cause);
    }
    return false;
  };
  return sent.filter(descends);
}

/** One row per envelope (event, sender → receiver, conversation), after the `root` row. */
export async function trail(root: readonly string[], envelopes: readonly Envelope[], store: EventStore): Promise<string> {
  const rows: string[][] = [[...root]];
  for (const e of envelopes) {
    const received = await store.findByEventId(e.id);
    const to = received ? displayId(received.machine, received.aggregate_id) : e.to.aggregate_id ? displayId(e.to.machine, e.to.aggregate_id) : e.to.machine;
    const from = e.from.aggregate_id ? displayId(e.from.machine, e.from.aggregate_id) : e.from.machine;
    rows.push([e.event, `${from} → ${to}`, e.conversation_id]);
  }
  return table(['EVENT', 'FROM → TO', 'CONVERSATION'], rows);
}

/** The instance rebuilt at each of its seqs: what it looked like after every event it handled. */
export async function timeTravel(runtime: Runtime, aggregateId: string): Promise<string> {
  const rows: string[][] = [];
  for (const record of await runtime.history(aggregateId)) {
    const at = await runtime.state(aggregateId, { atSeq: record.seq });
    rows.push([String(record.seq), record.event_type, at.state, JSON.stringify(at.context)]);
  }
  return table(['SEQ', 'EVENT', 'STATE', 'CONTEXT'], rows);
}
