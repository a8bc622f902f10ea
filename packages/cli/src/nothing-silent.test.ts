// Nothing passes silently: a command that would do nothing, or could not do what was asked, exits
// non-zero with one line saying why.
import { describe, expect, it } from 'vitest';
import { cli, tempFlows } from './test-support/cli.ts';

const LAMP = 'machine: @lamp\n\nscenario: switch\n\n  on :press from @user (api)\n    lamp moves to #on\n\n  expect:\n    = lamp is in #on\n';

describe('nothing passes silently', () => {
  it('check and test on a folder without .flow files', async () => {
    const dir = tempFlows({ 'empty/readme.txt': 'no flows here\n' });
    for (const command of ['check', 'test', 'bindings:missing']) {
      expect(await cli([command, 'empty'], { cwd: dir })).toEqual({ code: 2, stdout: command === 'test' ? 'EventFlow v0.1.0\n\nLoading flows...\n' : '', stderr: 'error: No .flow files in empty\n' });
    }
  });

  it('--filter with an invalid regular expression', async () => {
    const run = await cli(['test', '.', '--filter', '/switch(/'], { cwd: tempFlows({ 'lamp.flow': LAMP }) });
    expect(run).toEqual({ code: 2, stdout: '', stderr: 'error: --filter /switch(/ is not a valid regular expression: Invalid regular expression: /switch(/: Unterminated group\n' });
  });

  it('--filter that matches no test, and flows that hold no test at all', async () => {
    const dir = tempFlows({ 'lamp.flow': LAMP, 'bare/door.flow': 'machine: @door\n  on :open from @user (api)\n    door moves to #open\n' });
    const filtered = await cli(['test', 'lamp.flow', '--filter', 'nothing like this'], { cwd: dir });
    expect(filtered.code).toBe(1);
    expect(filtered.stderr).toBe("✗ No test ran: no test matches --filter 'nothing like this'\n");
    const bare = await cli(['test', 'bare'], { cwd: dir });
    expect(bare.code).toBe(1);
    expect(bare.stderr).toBe("✗ No test ran: no scenario has 'expect:' lines and no .test.flow case targets one\n");
  });

  it('--scenario naming no scenario', async () => {
    const run = await cli(['test', '.', '--scenario', 'nothing'], { cwd: tempFlows({ 'lamp.flow': LAMP }) });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("error: --scenario 'nothing' names no scenario; there are: 'switch'\n");
  });

  it('warnings about the flows reach stderr in test, not only in check', async () => {
    const chain = 'machine: @lamp\n\nscenario: switch\n\n  on :press from @user (api)\n    ? $on\n      lamp moves to #off\n\n    ? $on\n      lamp moves to #on\n\n  expect:\n    = lamp is in #idle\n';
    const run = await cli(['test', 'lamp.flow'], { cwd: tempFlows({ 'lamp.flow': chain }) });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('lamp.flow:9:5: warning: This branch can never run: the branch at line 6 has the same guard and is tested first.');
  });
});
