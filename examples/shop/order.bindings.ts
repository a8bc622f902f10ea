// The one expression function of order.flow: what the items in the basket cost together.
import { defineBindings } from '@eventflow/core';

interface Item {
  readonly qty: number;
  readonly price: number;
}

export default defineBindings('@order', (b) => {
  b.fn('order_total', (_ctx, items) => (items as Item[]).reduce((sum, item) => sum + item.qty * item.price, 0));
});
