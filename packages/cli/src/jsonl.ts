// One input line of `run`: a JSON object `{event, to, from?, data?, aggregate_id?, id?, trusted?, given?}`.
// `from` may carry the sender's id (`"@reviewer:rev-7"` or `{"machine": "@reviewer", "id": "rev-7"}`);
// `given` (a line or a list of lines, in the flow's own `given:` syntax) starts a new instance first.
import { checkPayload, EventFlowError, isEventFlowError, isPayloadError, type SendInput, type SenderInput } from '@eventflow/core';

export interface EventLine {
  readonly line: number;
  readonly input: SendInput;
  readonly given?: readonly string[];
}

export type InputLine = EventLine | { readonly line: number; readonly error: EventFlowError };

const HINT = 'Each line is {"event": ":e", "to": "@machine", "data": {...}}; see eventflow run --help';

/**
 * Undefined for a blank line; a line that is not a valid event becomes an INVALID_INPUT error, one
 * whose data is not plain JSON within the payload limits an INVALID_PAYLOAD error.
 */
export function parseEventLine(raw: string, line: number): InputLine | undefined {
  if (raw.trim() === '') return undefined;
  try {
    return toEventLine(JSON.parse(raw), line);
  } catch (error) {
    if (isPayloadError(error)) return { line, error };
    const message = isEventFlowError(error) ? error.message : `Line ${line} is not JSON: ${(error as Error).message}`;
    return { line, error: new EventFlowError('INVALID_INPUT', message, { hint: HINT }) };
  }
}

function toEventLine(value: unknown, line: number): EventLine {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid('a line must be a JSON object');
  const fields = value as Record<string, unknown>;
  if (typeof fields['event'] !== 'string' || fields['event'] === '') throw invalid('"event" must be a string such as ":checkout"');
  if (typeof fields['to'] !== 'string' || fields['to'] === '') throw invalid('"to" must be a machine such as "@order"');
  const data = fields['data'];
  if (data !== undefined) checkPayload(data);
  if (fields['aggregate_id'] !== undefined && typeof fields['aggregate_id'] !== 'string') throw invalid('"aggregate_id" must be a string');
  if (fields['id'] !== undefined && (typeof fields['id'] !== 'string' || fields['id'] === '')) throw invalid('"id" must be a non-empty string (the event id)');
  const from = sender(fields['from']);
  const given = givenLines(fields['given']);
  const input: SendInput = {
    event: sigil(':', fields['event']),
    to: sigil('@', fields['to']),
    ...(from !== undefined ? { from } : {}),
    ...(data !== undefined ? { data: data as Record<string, unknown> } : {}),
    ...(typeof fields['aggregate_id'] === 'string' ? { aggregate_id: fields['aggregate_id'] } : {}),
    ...(typeof fields['id'] === 'string' ? { id: fields['id'] } : {}),
    trusted: fields['trusted'] === true,
  };
  return given === undefined ? { line, input } : { line, input, given };
}

function sender(from: unknown): SenderInput | undefined {
  if (from === undefined) return undefined;
  if (typeof from === 'string') return sigil('@', from);
  const object = from as { machine?: unknown; id?: unknown } | null;
  if (typeof object === 'object' && object !== null && typeof object.machine === 'string' && (object.id === undefined || typeof object.id === 'string')) {
    return { machine: sigil('@', object.machine), ...(object.id !== undefined ? { id: object.id } : {}) };
  }
  throw invalid('"from" must be "@actor", "@actor:id" or {"machine": "@actor", "id": "..."}');
}

function givenLines(given: unknown): readonly string[] | undefined {
  if (given === undefined) return undefined;
  const lines = typeof given === 'string' ? [given] : given;
  if (!Array.isArray(lines) || lines.length === 0 || !lines.every((l) => typeof l === 'string')) {
    throw invalid('"given" must be a given: line such as "light is in #red", or a list of them');
  }
  return lines as string[];
}

function sigil(mark: string, name: string): string {
  return name.startsWith(mark) ? name : `${mark}${name}`;
}

function invalid(message: string): EventFlowError {
  return new EventFlowError('INVALID_INPUT', message);
}
