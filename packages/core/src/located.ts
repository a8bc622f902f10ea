// Says where in the .flow file a handler failed: `Cannot increase $total (0) by undefined: both must
// be numbers (order.flow:12:5)`. The handler run notes the line it is on; this adds it to the error.
import type { Location } from '@eventflow/language';
import { isEventFlowError } from './errors.ts';

/**
 * `error` with ` (file:line:col)` after its first line, unless it already names a .flow line (its
 * `flowLine`: a missing binding's, or one added before). The error keeps its class and fields (a
 * ValidationError keeps its problems), so its message is rewritten in place: it was made by this
 * handler run and nobody else holds it yet.
 */
export function located(error: unknown, loc: Location | undefined): unknown {
  if (loc === undefined || !isEventFlowError(error) || (error as { flowLine?: string }).flowLine !== undefined) return error;
  const where = `${loc.file}:${loc.line}:${loc.column}`;
  Object.defineProperty(error, 'flowLine', { value: `${loc.file}:${loc.line}`, enumerable: false });
  const newline = error.message.indexOf('\n');
  const first = newline < 0 ? error.message : error.message.slice(0, newline);
  const rest = newline < 0 ? '' : error.message.slice(newline);
  const message = first.endsWith(':') ? `${first.slice(0, -1)} (${where}):${rest}` : `${first} (${where})${rest}`;
  Object.defineProperty(error, 'message', { value: message, writable: true, configurable: true, enumerable: false });
  return error;
}
