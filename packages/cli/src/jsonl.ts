// Input lines for `run`: one JSON object per line, `{event, to, from?, data?, aggregate_id?, trusted?}`.
import { checkPayload, EventFlowError, isEventFlowError, isPayloadError, type SendInput } from '@eventflow/core';

export type InputLine = { readonly line: number; readonly input: SendInput } | { readonly line: number; readonly error: EventFlowError };

/**
 * Blank lines are skipped; a line that is not a valid event becomes an INVALID_INPUT error, one
 * whose data is not plain JSON within the payload limits an INVALID_PAYLOAD error.
 */
export function parseEventLines(text: string): InputLine[] {
  const out: InputLine[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    try {
      out.push({ line, input: toSendInput(JSON.parse(raw)) });
    } catch (error) {
      if (isPayloadError(error)) return void out.push({ line, error });
      const message = isEventFlowError(error) ? error.message : `Line ${line} is not JSON: ${(error as Error).message}`;
      out.push({ line, error: new EventFlowError('INVALID_INPUT', message, { hint: 'Each line is {"event": ":e", "to": "@machine", "data": {...}}' }) });
    }
  });
  return out;
}

function toSendInput(value: unknown): SendInput {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid('a line must be a JSON object');
  const line = value as Record<string, unknown>;
  if (typeof line['event'] !== 'string' || line['event'] === '') throw invalid('"event" must be a string such as ":checkout"');
  if (typeof line['to'] !== 'string' || line['to'] === '') throw invalid('"to" must be a machine such as "@order"');
  const data = line['data'] as Record<string, unknown> | undefined;
  if (data !== undefined) checkPayload(data);
  for (const key of ['from', 'aggregate_id'] as const) {
    if (line[key] !== undefined && typeof line[key] !== 'string') throw invalid(`"${key}" must be a string`);
  }
  return {
    event: sigil(':', line['event']),
    to: sigil('@', line['to']),
    ...(typeof line['from'] === 'string' ? { from: sigil('@', line['from']) } : {}),
    ...(data !== undefined ? { data } : {}),
    ...(typeof line['aggregate_id'] === 'string' ? { aggregate_id: line['aggregate_id'] } : {}),
    trusted: line['trusted'] === true,
  };
}

function sigil(mark: string, name: string): string {
  return name.startsWith(mark) ? name : `${mark}${name}`;
}

function invalid(message: string): EventFlowError {
  return new EventFlowError('INVALID_INPUT', message);
}
