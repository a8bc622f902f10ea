// What one input line of `run` did, as the JSON object printed for it: the instance afterwards, or
// why the line failed. A line fails when its event is refused, or when the event or anything it
// caused was rolled back by a context constraint or dropped as unhandled (its `problems`).
import { isEventFlowError, parseInstanceRef, type Runtime, type SendInput } from '@eventflow/core';
import type { EventLine } from './jsonl.ts';
import { startGiven, type GivenSetup } from './run-given.ts';

export type LineResult = Record<string, unknown>;

/** Runs one line; `problems` are those reported while it ran (the caller empties it per line). */
export async function runLine(setup: GivenSetup, entry: EventLine, problems: unknown[], warn: (text: string) => void): Promise<LineResult> {
  const { runtime } = setup;
  const { input } = entry;
  try {
    if (scheduled(runtime, input)) return await triggerOnce(runtime, input);
    let target = input;
    if (entry.given !== undefined) {
      const started = await startGiven(setup, input.to, input.aggregate_id, entry.given);
      for (const warning of started.warnings) warn(warning);
      target = { ...input, aggregate_id: started.aggregateId };
    }
    const result = await runtime.send(target);
    await runtime.settle();
    const now = await runtime.state(result.aggregate_id);
    const line: LineResult = { ok: true, event: input.event, aggregate_id: result.aggregate_id, state: now.state, seq: now.seq, ...(result.reply ? { reply: result.reply } : {}) };
    const [first, ...rest] = problems.splice(0);
    for (const problem of rest) warn(messageOf(problem));
    return first === undefined ? line : { ...line, ok: false, error: errorJson(first) };
  } catch (error) {
    problems.splice(0);
    return failure(input.event, error);
  }
}

export function failure(event: string | undefined, error: unknown, line?: number): LineResult {
  return { ok: false, ...(event !== undefined ? { event } : {}), ...(line !== undefined ? { line } : {}), error: errorJson(error) };
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function errorJson(error: unknown): Record<string, unknown> {
  const code = isEventFlowError(error) ? error.code : 'ERROR';
  const hint = isEventFlowError(error) ? error.hint : undefined;
  return { code, message: messageOf(error), ...(hint !== undefined ? { hint } : {}) };
}

/** An event of a `triggered:` handler, sent to the machine rather than to one instance. */
function scheduled(runtime: Runtime, input: SendInput): boolean {
  const ref = parseInstanceRef(input.to);
  if (ref.machine !== undefined || input.aggregate_id !== undefined) return false;
  const machine = runtime.definition.machines.get(input.to);
  return machine?.byEvent.get(input.event)?.some((h) => h.triggered !== undefined) ?? false;
}

/** Runs the scheduled handler now, for every instance in its `for each` states. */
async function triggerOnce(runtime: Runtime, input: SendInput): Promise<LineResult> {
  const result = await runtime.trigger(input.to, input.event);
  await runtime.settle();
  const failed = result.failed.map((f) => ({ aggregate_id: f.aggregate_id, error: errorJson(f.error) }));
  return { ok: failed.length === 0, event: input.event, trigger: true, processed: result.processed, failed };
}
