// Replies are drawn with the canonical HTTP status text whatever the source spelling (LANGUAGE.md §7.3):
// `reply 202 accepted` -> `202 Accepted`.
import { STATUS_CODES } from 'node:http';

export function replyText(status: number, written?: string): string {
  const canonical = STATUS_CODES[status] ?? written;
  return canonical ? `${status} ${canonical}` : String(status);
}
