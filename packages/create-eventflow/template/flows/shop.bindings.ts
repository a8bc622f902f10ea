// Free-text lines of the flows, bound to TypeScript by their text. `eventflow test` and
// `eventflow run` load every *.bindings.ts beside the flows.
import { defineBindings } from '@eventflow/core';

/** Cards are accepted up to this amount. */
export const CARD_LIMIT = 1000;

export default defineBindings('@payment', (b) => {
  b.guard('card is accepted', (ctx) => Number(ctx.event.data['total'] ?? ctx.get('amount', 0)) <= CARD_LIMIT);
});
