// Bindings for the checkout system: the free-text guards and actions of bank.flow and inventory.flow.
// `eventflow test flows/` and `npm start` load this file (it sits beside the flows).
import { defineBindings, type BindingContext } from '@eventflow/core';

/** The bank authorises cards up to this amount. */
export const CARD_LIMIT = 5000;

/** Units on hand per SKU. `reserve items` takes from it; a process starts with this stock. */
export const stock = new Map<string, number>([
  ['book', 1000],
  ['lamp', 50],
  ['sofa', 0],
]);

interface Item {
  readonly sku: string;
  readonly qty?: number;
}

/** The items of the event being handled (`with $items`), else those kept in context. */
function itemsOf(ctx: BindingContext): Item[] {
  const items = ctx.event.data['items'] ?? ctx.get('items', []);
  return Array.isArray(items) ? (items as Item[]) : [];
}

function amountOf(ctx: BindingContext): number {
  return Number(ctx.event.data['amount'] ?? ctx.get('amount', 0));
}

export default [
  defineBindings('@bank', (b) => {
    b.guard('card is valid', (ctx) => amountOf(ctx) <= CARD_LIMIT);
  }),
  defineBindings('@inventory', (b) => {
    b.guard('stock is available', (ctx) => itemsOf(ctx).every((item) => (stock.get(item.sku) ?? 0) >= (item.qty ?? 1)));
    b.action('reserve items', (ctx) => {
      const items = itemsOf(ctx);
      for (const item of items) stock.set(item.sku, (stock.get(item.sku) ?? 0) - (item.qty ?? 1));
      return { reserved: items.map((item) => ({ sku: item.sku, qty: item.qty ?? 1 })) };
    });
  }),
];
