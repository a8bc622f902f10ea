import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKOUT_FLOWS, cli, tempFlows } from './test-support/cli.ts';

const LAMP = `machine: @lamp

scenario: switch

  on :press from @user (api)
    lamp moves to #on

  on :press_again from @user (api)
    lamp moves to #off
`;

describe('eventflow diagram', () => {
  it('draws the checkout system as a lane diagram by default (several machines), as Mermaid text', async () => {
    const run = await cli(['diagram', CHECKOUT_FLOWS]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^sequenceDiagram\n {2}%% checkout\n {2}actor p_customer as @customer\n/);
    expect(run.stdout).toContain('p_order->>p_payment: :payment_request (conv A)');
    expect(run.stdout).toContain('p_payment->>p_order: :payment_success (conv A)');
  });

  it('draws one machine as a state diagram by default', async () => {
    const run = await cli(['diagram', join(CHECKOUT_FLOWS, 'bank.flow')]);
    expect(run.stdout).toBe(readFileSync(join(CHECKOUT_FLOWS, '../../../packages/diagram/src/golden/checkout/bank.state.mmd'), 'utf8'));
  });

  it('writes several diagrams as Markdown to stdout, or one file each into --output', async () => {
    const markdown = await cli(['diagram', CHECKOUT_FLOWS, '--type', 'combined']);
    expect(markdown.stdout.match(/```mermaid/g)).toHaveLength(6);
    expect(markdown.stdout).toContain('## @order\n\n```mermaid\nstateDiagram-v2');
    const dir = tempFlows({});
    const svg = await cli(['diagram', CHECKOUT_FLOWS, '--type', 'state', '--format', 'svg', '--output', 'out'], { cwd: dir });
    expect(svg.code).toBe(0);
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['bank.state.svg', 'fraud.state.svg', 'inventory.state.svg', 'order.state.svg', 'payment.state.svg']);
    expect(readFileSync(join(dir, 'out/order.state.svg'), 'utf8')).toMatch(/^<svg[\s\S]*#processing[\s\S]*<\/svg>\n?$/);
    expect(svg.stderr).toContain('wrote out/order.state.svg');
  });

  it('asks for --output rather than pouring several SVG files into stdout', async () => {
    const run = await cli(['diagram', CHECKOUT_FLOWS, '--type', 'state', '--format', 'svg']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('error: 5 diagrams (bank.state, fraud.state, inventory.state, order.state, payment.state): give --output <directory> to write one .svg file each\n');
  });

  it('writes one self-contained HTML page, its format taken from the file name', async () => {
    const dir = tempFlows({ 'lamp.flow': LAMP });
    const run = await cli(['diagram', 'lamp.flow', '--output', 'lamp.html'], { cwd: dir });
    expect(run).toMatchObject({ code: 0, stderr: 'wrote lamp.html\n' });
    const html = readFileSync(join(dir, 'lamp.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<figure class="ef-diagram" id="state_lamp">');
    expect(html).not.toMatch(/<script[^>]+src=|<link\b/);
    expect(html).not.toContain('id="tests"');
  });

  it('reports flow errors with file:line:col and draws nothing (exit 2)', async () => {
    const dir = tempFlows({ 'lamp.flow': LAMP.replace('lamp moves to #on', 'emit :x to') });
    const run = await cli(['diagram', 'lamp.flow', '--output', 'lamp.html'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("lamp.flow:6:15: error: Expected a target machine after 'to', found end of line.");
    expect(run.stderr).toContain('✗ 1 error in the flows; no diagram drawn');
    expect(existsSync(join(dir, 'lamp.html'))).toBe(false);
  });

  it('refuses an unknown type or format', async () => {
    expect((await cli(['diagram', CHECKOUT_FLOWS, '--type', 'pie'])).code).toBe(2);
    expect((await cli(['diagram', CHECKOUT_FLOWS, '--format', 'png'])).code).toBe(2);
  });
});
