// A handler that fails says where: the .flow file, line and column of the statement (or guard line)
// that failed, after the message (`Cannot increase $total (0) by undefined … (order.flow:5:5)`).
import { describe, expect, test } from 'vitest';
import { startSystem } from './harness.ts';

const order = `machine: @order

  on :add_item from @customer (api)
    ? $qty > 0
      $total increases by $price
    emit :reserve to @stock with:
      | sku | number | $sku |
    ? $total / $qty > 10
      order moves to #big
`;

async function failure(data: Record<string, unknown>): Promise<{ code?: string; message: string }> {
  const system = await startSystem({ 'order.flow': order });
  try {
    await system.runtime.send({ event: ':add_item', to: '@order', data });
    return { message: 'no error' };
  } catch (error) {
    return { code: (error as { code?: string }).code, message: (error as Error).message };
  } finally {
    await system.runtime.close();
  }
}

describe('runtime errors name the .flow file and line', () => {
  test('an action inside a guard branch', async () => {
    expect(await failure({ qty: 1 })).toEqual({ code: 'HANDLER_ERROR', message: 'Cannot increase $total (0) by undefined: both must be numbers (order.flow:5:7)' });
  });

  test('a typed with: table (a multi-line message keeps its list under the first line)', async () => {
    expect(await failure({ qty: 1, price: 3, sku: 'A-1' })).toEqual({
      code: 'VALIDATION_ERROR',
      message: 'Invalid event data (order.flow:6:5):\n  - sku: must be number, got "A-1"',
    });
  });

  test('a guard line', async () => {
    expect(await failure({ qty: 0, sku: 7 })).toEqual({
      code: 'HANDLER_ERROR',
      message: 'Cannot compute undefined / 0: both sides must be numbers (order.flow:8:5)',
    });
  });
});
