import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareWithAllowlist, parseAllowlist, report, scan } from './electronegativity-check.js';

/** @typedef {import('./electronegativity-check.js').Finding} Finding */

const REASON = 'A reason long enough to be a sentence that explains the finding.';

/**
 * @param {string} id
 * @param {string} file
 * @param {string} [severity]
 * @returns {Finding}
 */
const finding = (id, file, severity = 'MEDIUM') => ({
  id,
  file,
  severity,
  confidence: 'FIRM',
  line: 1,
  description: `${id} description`,
});

describe('parseAllowlist', () => {
  it('reads entries', () => {
    const text = JSON.stringify({
      findings: [{ id: 'SANDBOX_JS_CHECK', file: 'main/a.ts', count: 1, reason: REASON }],
    });
    expect(parseAllowlist(text)).toEqual([
      { id: 'SANDBOX_JS_CHECK', file: 'main/a.ts', count: 1, reason: REASON },
    ]);
  });

  it.each([
    ['no reason', { id: 'A', file: 'f', count: 1, reason: '' }],
    ['a token reason', { id: 'A', file: 'f', count: 1, reason: 'ok' }],
    ['zero count', { id: 'A', file: 'f', count: 0, reason: REASON }],
    ['unknown key', { id: 'A', file: 'f', count: 1, reason: REASON, line: 3 }],
    ['lower-case id', { id: 'sandbox', file: 'f', count: 1, reason: REASON }],
  ])('refuses %s', (_name, entry) => {
    expect(() => parseAllowlist(JSON.stringify({ findings: [entry] }))).toThrow();
  });

  it('refuses a duplicate entry', () => {
    const entry = { id: 'A', file: 'f', count: 1, reason: REASON };
    expect(() => parseAllowlist(JSON.stringify({ findings: [entry, entry] }))).toThrow(/twice/);
  });

  it('the committed allowlist is valid', async () => {
    const file = fileURLToPath(new URL('./electronegativity-allowlist.json', import.meta.url));
    expect(parseAllowlist(await readFile(file, 'utf8')).length).toBeGreaterThan(0);
  });
});

describe('compareWithAllowlist', () => {
  const allowlist = [
    { id: 'SANDBOX_JS_CHECK', file: 'main/w.ts', count: 1, reason: REASON },
    { id: 'PROTOCOL_HANDLER_JS_CHECK', file: 'main/index.ts', count: 2, reason: REASON },
  ];

  it('passes when every high/medium finding is explained with the right count', () => {
    const outcome = compareWithAllowlist(
      [
        finding('SANDBOX_JS_CHECK', 'main/w.ts', 'MEDIUM'),
        finding('PROTOCOL_HANDLER_JS_CHECK', 'main/index.ts'),
        finding('PROTOCOL_HANDLER_JS_CHECK', 'main/index.ts'),
        finding('SOMETHING_LOW', 'main/x.ts', 'LOW'),
        finding('SOMETHING_INFO', 'main/x.ts', 'INFORMATIONAL'),
      ],
      allowlist,
    );
    expect(outcome.unexplained).toEqual([]);
    expect(outcome.stale).toEqual([]);
    expect(outcome.explained).toHaveLength(2);
  });

  it('fails on a new finding, in a new file or a third occurrence', () => {
    const outcome = compareWithAllowlist(
      [
        finding('SANDBOX_JS_CHECK', 'main/w.ts'),
        finding('SANDBOX_JS_CHECK', 'main/other.ts', 'HIGH'),
        finding('PROTOCOL_HANDLER_JS_CHECK', 'main/index.ts'),
        finding('PROTOCOL_HANDLER_JS_CHECK', 'main/index.ts'),
        finding('PROTOCOL_HANDLER_JS_CHECK', 'main/index.ts'),
      ],
      allowlist,
    );
    expect(outcome.unexplained.map((u) => [u.id, u.file, u.findings.length, u.listed])).toEqual([
      ['SANDBOX_JS_CHECK', 'main/other.ts', 1, 0],
      ['PROTOCOL_HANDLER_JS_CHECK', 'main/index.ts', 3, 2],
    ]);
    expect(report(outcome, [])).toMatch(/✗ SANDBOX_JS_CHECK \[HIGH\] 1 in main\/other.ts/);
  });

  it('fails on an entry that no longer matches anything', () => {
    const outcome = compareWithAllowlist([finding('SANDBOX_JS_CHECK', 'main/w.ts')], allowlist);
    expect(outcome.stale.map((entry) => entry.id)).toEqual(['PROTOCOL_HANDLER_JS_CHECK']);
    expect(report(outcome, ['main/x.ts: Unexpected token'])).toMatch(
      /not scanned \(parse error\)[\s\S]*stale allowlist entry/,
    );
  });
});

describe('scan (real Electronegativity on a scratch folder)', () => {
  /** @type {string} */
  let root;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'entente-electronegativity-'));
    await mkdir(path.join(root, 'app'));
    await writeFile(
      path.join(root, 'app', 'window.ts'),
      [
        "import { BrowserWindow, shell } from 'electron';",
        'export function open(url: string): void {',
        '  const win = new BrowserWindow({ webPreferences: { contextIsolation: false, sandbox: true } });',
        "  win.webContents.on('will-navigate', (event) => event.preventDefault());",
        '  win.webContents.setWindowOpenHandler(() => ({ action: "deny" }));',
        '  void shell.openExternal(url);',
        '}',
      ].join('\n'),
    );
    await writeFile(path.join(root, 'app', 'broken.ts'), 'export const = ;');
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('reports findings with repository-relative files, and files it could not parse', async () => {
    const { findings, parseErrors } = await scan({
      root,
      inputs: ['app'],
      electronVersion: '45.5.0',
    });
    const summary = findings.map((f) => `${f.id} ${f.severity} ${f.file}`);
    expect(summary).toContain('CONTEXT_ISOLATION_JS_CHECK HIGH app/window.ts');
    expect(summary).toContain('OPEN_EXTERNAL_JS_CHECK MEDIUM app/window.ts');
    expect(summary).toContain('CSP_GLOBAL_CHECK MEDIUM N/A');
    expect(summary.some((line) => line.startsWith('SANDBOX_JS_CHECK'))).toBe(false);
    expect(parseErrors).toEqual([expect.stringMatching(/^app\/broken\.ts: /)]);
    const outcome = compareWithAllowlist(findings, []);
    expect(outcome.unexplained.length).toBeGreaterThan(0);
  }, 60_000);
});
