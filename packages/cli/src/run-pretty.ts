// `run --format pretty`: one line per input line, for people watching a run.
//   ✓ :power_on → @traffic_light:k2x9q1m7za  #red  (seq 1)
//   ✗ :approve → @document:a1b2c3  #in_review  (seq 2): :approve on @document was rolled back: ...
import { displayId } from '@eventflow/core';
import type { Palette } from './io.ts';
import type { LineResult } from './run-line.ts';

export function prettyLine(line: LineResult, c: Palette): string {
  const mark = line['ok'] === false ? c.red('✗') : c.green('✓');
  const error = line['error'] as { message?: string } | undefined;
  const why = error?.message === undefined ? '' : `: ${error.message}`;
  if (line['trigger'] === true) {
    const processed = (line['processed'] as string[]).length;
    return `${mark} ${String(line['event'])} (scheduled) ran for ${processed} instance${processed === 1 ? '' : 's'}${failedOf(line)}`;
  }
  if (typeof line['aggregate_id'] !== 'string') return `${mark} ${line['line'] !== undefined ? `line ${String(line['line'])}` : String(line['event'] ?? '')}${why}`;
  const id = line['aggregate_id'];
  const instance = typeof line['machine'] === 'string' ? displayId(line['machine'], id) : id;
  const head = line['event'] === undefined ? instance : `${String(line['event'])} → ${instance}`;
  const reply = line['reply'] === undefined ? '' : `  reply ${JSON.stringify(line['reply'])}`;
  return `${mark} ${head}  ${c.cyan(String(line['state']))}  (seq ${String(line['seq'])})${reply}${why}`;
}

function failedOf(line: LineResult): string {
  const failed = line['failed'] as { aggregate_id: string; error: { message: string } }[];
  return failed.map((f) => `\n    ${f.aggregate_id}: ${f.error.message}`).join('');
}
