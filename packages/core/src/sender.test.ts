// An outside sender's address as send() takes it.
import { describe, expect, test } from 'vitest';
import { senderAddress } from './sender.ts';

const machines = (name: string) => name === '@order';

describe('senderAddress', () => {
  test('an outside actor, with or without an id', () => {
    expect(senderAddress('@customer', machines)).toEqual({ machine: '@customer' });
    expect(senderAddress('@reviewer:rev-7', machines)).toEqual({ machine: '@reviewer', actor_id: 'rev-7' });
    expect(senderAddress({ machine: '@reviewer', id: 'rev-7' }, machines)).toEqual({ machine: '@reviewer', actor_id: 'rev-7' });
    expect(senderAddress({ machine: '@reviewer', id: '' }, machines)).toEqual({ machine: '@reviewer' });
  });

  test('an instance of a loaded machine is an aggregate, in either id spelling', () => {
    expect(senderAddress('@order:k2x9', machines)).toEqual({ machine: '@order', aggregate_id: 'order-k2x9' });
    expect(senderAddress({ machine: '@order', id: 'order-k2x9' }, machines)).toEqual({ machine: '@order', aggregate_id: 'order-k2x9' });
  });
});
