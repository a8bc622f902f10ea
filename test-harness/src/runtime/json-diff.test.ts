// A history mismatch is shown as the lines that differ, not as two long JSON lines.
import { expect, test } from 'vitest';
import { canonicalJson } from './replay-determinism.ts';
import { jsonDiff } from './json-diff.ts';

const history = (roll: number) => ({
  'subject-1': Array.from({ length: 20 }, (_, seq) => ({ seq: seq + 1, event_id: `e${seq}`, outcome: { set: { roll: seq === 12 ? roll : seq } } })),
});

test('shows the differing lines with context, and nothing of the equal rest', () => {
  const diff = jsonDiff(history(7), history(999), canonicalJson);
  expect(diff).toMatch(/^@@ line \d+ @@\n/);
  expect(diff.split('\n').filter((line) => line.startsWith('- '))).toEqual(['-           "roll": 999']);
  expect(diff.split('\n').filter((line) => line.startsWith('+ '))).toEqual(['+           "roll": 7']);
  expect(diff.split('\n').length).toBeLessThanOrEqual(9);
  expect(diff).not.toContain('"e0"');
});

test('equal values (key order aside) give no diff', () => {
  expect(jsonDiff({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 }, canonicalJson)).toBe('');
});
