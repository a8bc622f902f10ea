import { describe, expect, it } from 'vitest';
import { andThen, drive, isThenable } from './maybe.ts';

function* steps(values: unknown[], log: string[]): Generator<unknown, number, unknown> {
  let sum = 0;
  for (const value of values) {
    try {
      sum += (yield value) as number;
    } catch (error) {
      log.push(`caught ${String(error)}`);
    } finally {
      log.push('step');
    }
  }
  return sum;
}

describe('drive', () => {
  it('stays synchronous while every value is ready', () => {
    const log: string[] = [];
    expect(drive(steps([1, 2, 3], log))).toBe(6);
    expect(log).toEqual(['step', 'step', 'step']);
  });

  it('continues through a promise from the first value that is not ready', async () => {
    const log: string[] = [];
    const result = drive(steps([1, Promise.resolve(2), 3], log));
    expect(result).toBeInstanceOf(Promise);
    expect(log).toEqual(['step']); // the rest runs after the promise
    expect(await result).toBe(6);
  });

  it('a rejection is thrown into the generator at its yield, where try/catch/finally see it', async () => {
    const log: string[] = [];
    expect(await drive(steps([1, Promise.reject(new Error('boom')), 3], log))).toBe(4);
    expect(log).toEqual(['step', 'caught Error: boom', 'step', 'step']);
  });

  it('an uncaught error is thrown now when it happens synchronously, else rejects', async () => {
    function* failing(value: unknown): Generator<unknown, void, unknown> {
      yield value;
      throw new Error('late');
    }
    expect(() => drive(failing(1))).toThrow('late');
    await expect(drive(failing(Promise.resolve(1)))).rejects.toThrow('late');
  });
});

describe('andThen and isThenable', () => {
  it('applies now to ready values and later to promises; thenables count as promises', async () => {
    expect(andThen(2, (x) => x * 3)).toBe(6);
    expect(await andThen(Promise.resolve(2), (x) => x * 3)).toBe(6);
    expect(isThenable({ then: () => undefined })).toBe(true);
    expect(isThenable(Promise.resolve())).toBe(true);
    expect(isThenable({ then: 1 })).toBe(false);
    expect(isThenable(null)).toBe(false);
  });
});
