// The lane diagram of a set of flows (LANGUAGE.md §7.3): every call from an outside actor, followed
// through the machines it reaches. A handler's emits and replies are drawn in handler order, then what
// each receiver does (side by side in a `par` block when several were sent); guard branches become `alt`
// blocks. Conversations are named A, B, C... as the runtime would open them (§4.7): an emit back to a
// machine that wrote to us continues that conversation, any other emit opens a new one.
import type { FlowFile, Handler, MachineDecl, Statement } from '@eventflow/language';
import { LaneBook } from './lane-book.ts';
import type { LaneDiagram, LaneStep } from './model.ts';
import { replyText } from './status-text.ts';

/** Past this many steps the diagram stops following emits (a cycle of machines could go on forever). */
const MAX_STEPS = 400;

/** The lanes of a system as its flows declare them: who emits what to whom, handler by handler. */
export function laneFromFlows(files: readonly FlowFile[], title = 'lanes'): LaneDiagram {
  const machines = new Map<string, MachineDecl>();
  for (const file of files) for (const m of file.machines) if (m.name && !machines.has(m.name)) machines.set(m.name, m);
  const walk = new Walk(machines);
  const steps: LaneStep[] = [];
  let heading: string | undefined;
  for (const entry of entries(machines)) {
    if (entry.title !== heading) steps.push({ kind: 'note', lane: entry.machine, text: entry.title, wide: true });
    heading = entry.title;
    steps.push(...walk.deliver(entry.sender, entry.machine, entry.handler.event, undefined, {}, []));
  }
  return { title, lanes: walk.lanes.list(), steps };
}

interface Entry {
  readonly title: string;
  readonly sender: string;
  readonly machine: string;
  readonly handler: Handler;
}

/** Handlers an outside actor calls; without any, each machine no other machine writes to. */
function entries(machines: ReadonlyMap<string, MachineDecl>): Entry[] {
  const found: Entry[] = [];
  for (const machine of machines.values()) {
    for (const scenario of machine.scenarios) {
      for (const handler of scenario.handlers) {
        if (handler.from && !machines.has(handler.from)) {
          found.push({ title: scenario.name ?? `${machine.name} ${handler.event}`, sender: handler.from, machine: machine.name, handler });
        }
      }
    }
  }
  if (found.length > 0) return found;
  const targeted = new Set([...machines.values()].flatMap((m) => m.scenarios.flatMap((s) => s.handlers.flatMap((h) => emitsIn(h.body)))).map((e) => e.machine));
  return [...machines.values()].flatMap((machine) => {
    const first = machine.scenarios.flatMap((s) => s.handlers)[0];
    if (!first || targeted.has(machine.name)) return [];
    return [{ title: `${machine.name} ${first.event}`, sender: first.from ?? '@caller', machine: machine.name, handler: first }];
  });
}

function emitsIn(block: readonly Statement[]): { machine: string }[] {
  return block.flatMap((s) => {
    if (s.kind === 'Emit') return [s.target];
    if (s.kind === 'ContextOp' && s.emit) return [s.emit.target];
    if (s.kind === 'GuardChain') return [...s.branches.flatMap((b) => emitsIn(b.body ?? [])), ...emitsIn(s.otherwise ?? [])];
    if (s.kind === 'ForEach') return emitsIn(s.body);
    return [];
  });
}

/** Each machine's open conversations: peer machine -> conversation name. */
type Links = Readonly<Record<string, Readonly<Record<string, string>>>>;

interface Sent {
  readonly to: string;
  readonly event: string;
  readonly conversation: string;
}

class Walk {
  readonly lanes: LaneBook;
  private readonly machines: ReadonlyMap<string, MachineDecl>;
  private conversations = 0;
  private steps = 0;

  constructor(machines: ReadonlyMap<string, MachineDecl>) {
    this.machines = machines;
    this.lanes = new LaneBook((name) => (machines.has(name) ? 'machine' : 'actor'));
  }

  /** The arrow `from -> to`, then what the receiving handler does. */
  deliver(from: string, to: string, event: string, conversation: string | undefined, links: Links, stack: readonly string[]): LaneStep[] {
    this.lanes.add(from);
    this.lanes.add(to);
    const arrow: LaneStep = { kind: 'message', from, to, text: event, reply: false, ...(conversation ? { conversation } : {}) };
    return [arrow, ...this.receive(from, to, event, conversation, links, stack)];
  }

  /** What `to`'s handler for `event` does; the receiver learns the sender as a link (§4.7). */
  private receive(from: string, to: string, event: string, conversation: string | undefined, links: Links, stack: readonly string[]): LaneStep[] {
    const handler = this.handler(to, event, from);
    if (!handler) return [];
    const key = `${to}${event}`;
    if (stack.includes(key) || ++this.steps > MAX_STEPS) return [{ kind: 'note', lane: to, text: `${event} again (drawn above)` }];
    const own = { ...(links[to] ?? {}), ...(conversation && this.machines.has(from) ? { [from]: conversation } : {}) };
    return this.block(handler.body, to, from, conversation, { ...links, [to]: own }, [...stack, key]);
  }

  private handler(machine: string, event: string, sender: string): Handler | undefined {
    const handlers = this.machines.get(machine)?.scenarios.flatMap((s) => s.handlers.filter((h) => h.event === event)) ?? [];
    return handlers.find((h) => h.from === sender) ?? handlers.find((h) => h.from === undefined) ?? handlers[0];
  }

  /** One block of a handler: its arrows and notes in order, then the receivers' reactions. */
  private block(body: readonly Statement[], machine: string, sender: string, conversation: string | undefined, links: Links, stack: readonly string[]): LaneStep[] {
    const steps: LaneStep[] = [];
    const sent: Sent[] = [];
    const emit = (event: string, target: string, all: boolean) => {
      const to = target === '@self' ? machine : target;
      const open = links[machine]?.[to];
      const conv = open ?? this.nextConversation();
      this.lanes.add(to);
      steps.push({ kind: 'message', from: machine, to, text: all ? `${event} (all)` : event, reply: false, conversation: conv });
      sent.push({ to, event, conversation: conv });
    };
    for (const s of body) {
      if (s.kind === 'Transition') steps.push({ kind: 'note', lane: machine, text: s.state });
      else if (s.kind === 'Action') steps.push({ kind: 'note', lane: machine, text: s.text });
      else if (s.kind === 'Schedule') steps.push({ kind: 'note', lane: machine, text: `schedule ${s.event}` });
      else if (s.kind === 'Emit') emit(s.event, s.target.machine, s.target.all);
      else if (s.kind === 'ContextOp' && s.emit) emit(s.emit.event, s.emit.target.machine, s.emit.target.all);
      else if (s.kind === 'Reply') steps.push({ kind: 'message', from: machine, to: sender, text: replyText(s.status, s.reason), reply: true, ...(conversation ? { conversation } : {}) });
      else if (s.kind === 'ForEach') steps.push(...this.block(s.body, machine, sender, conversation, links, stack));
      else if (s.kind === 'GuardChain') {
        const branches = [
          ...s.branches.filter((b) => b.body).map((b) => ({ label: b.lines.map((l) => l.text).join(b.lines.some((l) => l.op === '??') ? ' or ' : ' and '), body: b.body ?? [] })),
          ...(s.otherwise ? [{ label: 'otherwise', body: s.otherwise }] : []),
        ].map((b) => ({ label: b.label, steps: this.block(b.body, machine, sender, conversation, links, stack) }));
        if (branches.some((b) => b.steps.length > 0)) steps.push({ kind: 'block', type: 'alt', branches });
      }
    }
    const reactions = sent.map((m) => ({ label: `${m.event} (conv ${m.conversation})`, steps: this.receive(machine, m.to, m.event, m.conversation, links, stack) }));
    const busy = reactions.filter((r) => r.steps.length > 0);
    if (busy.length > 1) steps.push({ kind: 'block', type: 'par', branches: busy });
    else for (const r of busy) steps.push(...r.steps);
    return steps;
  }

  private nextConversation(): string {
    let n = this.conversations++;
    let name = '';
    do {
      name = String.fromCharCode(65 + (n % 26)) + name;
      n = Math.floor(n / 26) - 1;
    } while (n >= 0);
    return name;
  }
}
