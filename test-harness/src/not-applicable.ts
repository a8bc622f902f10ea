import { expect, test } from 'vitest';

/** What a group registers instead of its tests when a capability is declared false. */
export function notApplicable(capability: string, declared: boolean, why: string): void {
  test(`not applicable: capabilities.${capability} is false (${why})`, () => {
    expect(declared, `capabilities.${capability}`).toBe(false);
  });
}
