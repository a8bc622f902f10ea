// `@sender.id` for an outside sender (LANGUAGE.md §3.8.6): a caller that says who it is
// (`@reviewer:rev-7` or `{ machine, id }`) is read by the flow as `@reviewer.id`, so a typed
// `$reviewer: string` holds instead of rolling the handler back.
import { describe, expect, test } from 'vitest';
import { startSystem } from './harness.ts';

const review = `
machine: @document
  on :submit from @author (api)
    document moves to #in_review
  on :approve from @reviewer (api)
    $approved_by: string becomes @reviewer.id
    $sender: string becomes @sender.id
    document moves to #approved
`;

async function approveAs(from: string | { machine: string; id?: string }) {
  const system = await startSystem({ 'document.flow': review });
  const { aggregate_id } = await system.runtime.send({ event: ':submit', to: '@document' });
  const result = await system.runtime.send({ event: ':approve', to: `@document`, aggregate_id, from });
  await system.runtime.settle();
  const view = await system.runtime.state(aggregate_id);
  const [, approval] = await system.runtime.history(aggregate_id);
  await system.runtime.close();
  return { result, view, approval };
}

describe('an outside sender with an id', () => {
  test.each([['@reviewer:rev-7'], [{ machine: '@reviewer', id: 'rev-7' }]])('from %j: @reviewer.id and @sender.id are its id', async (from) => {
    const { view, approval } = await approveAs(from);
    expect(view.state).toBe('#approved');
    expect(view.context).toEqual({ approved_by: 'rev-7', sender: 'rev-7' });
    expect(approval?.from).toEqual({ machine: '@reviewer', actor_id: 'rev-7' });
  });

  test('without an id the typed variable fails its constraint and the handler is rolled back', async () => {
    const { view } = await approveAs('@reviewer');
    expect(view.state).toBe('#in_review');
    expect(view.context).toEqual({});
  });

  test('the id of an outside actor is kept as written (no machine prefix added)', async () => {
    const system = await startSystem({ 'document.flow': review });
    const { aggregate_id } = await system.runtime.send({ event: ':submit', to: '@document', from: `@author:ann` });
    expect((await system.runtime.history(aggregate_id))[0]?.from).toEqual({ machine: '@author', actor_id: 'ann' });
    await system.runtime.close();
  });
});
