/**
 * Runs Electronegativity on the Electron code and fails on any HIGH or MEDIUM finding that
 * `build/electronegativity-allowlist.json` does not explain. Run by `npm run lint:electron`,
 * part of `npm run lint`.
 *
 * By hand, the same scan is `npx electronegativity -i main -e 45.5.0 -r
 * -x AvailableSecurityFixesGlobalCheck`. The check calls the same runner through its API
 * (`run(options, false)`, the package's `main`) instead of parsing `-o report.csv`, because:
 * - a file the scanner cannot parse is skipped with a message on the console only; the API
 *   returns those errors, and the check fails on them (a file not scanned is not "clean");
 * - the CSV writer writes the header and the rows with two concurrent `fs.writeFile` calls,
 *   one truncating, so a report can lose its rows and read as clean;
 * - the API returns severity and confidence as values: no CSV quoting to parse.
 *
 * `AvailableSecurityFixesGlobalCheck` is excluded: it downloads Electron's release list from
 * GitHub, which our build machines cannot reach (it then waits for the timeout and reports
 * nothing). Electron's version is pinned in package.json and moved deliberately.
 *
 * Allowlist rules: each entry names a check id, a file (repository-relative, `N/A` for global
 * checks), how many findings of that check it explains in that file, and why. A count that no
 * longer matches, or an entry that matches nothing, fails too: explanations must stay true.
 */

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * @typedef {object} RawIssue One issue as the runner returns it.
 * @property {string} id
 * @property {string} file relative to the input folder, or `N/A`
 * @property {{ line: number, column: number }} location
 * @property {string} description
 * @property {{ name: string }} severity
 * @property {{ name: string }} confidence
 */

/**
 * The package ships no type declarations; this is the part of its runner (`dist/runner.js`, the
 * package's `main`) we call, as its source reads.
 *
 * @type {(options: {
 *   input: string, isRelative: boolean, electronVersionOverride: string,
 *   customScan: string[], excludeFromScan: string[], parserPlugins: string[],
 * }, forCli: false) => Promise<{ errors: Array<{ file: string, message: string }>, issues: RawIssue[] }>}
 */
const runElectronegativity = createRequire(import.meta.url)('@doyensec/electronegativity');

/** Folders scanned, relative to the repository root. */
export const SCAN_INPUTS = Object.freeze(['main']);

/** Severities that must be explained. */
export const BLOCKING_SEVERITIES = Object.freeze(['HIGH', 'MEDIUM']);

/** Checks not run, each for the reason in this file's header. */
export const EXCLUDED_CHECKS = Object.freeze(['AvailableSecurityFixesGlobalCheck']);

/**
 * @typedef {object} Finding
 * @property {string} id check id, e.g. `SANDBOX_JS_CHECK`
 * @property {string} severity `HIGH` | `MEDIUM` | `LOW` | `INFORMATIONAL`
 * @property {string} confidence `CERTAIN` | `FIRM` | `TENTATIVE`
 * @property {string} file repository-relative path, or `N/A` for global checks
 * @property {number} line 0 for global checks
 * @property {string} description
 */

const allowlistSchema = z.strictObject({
  $comment: z.string().optional(),
  findings: z.array(
    z.strictObject({
      id: z.string().regex(/^[A-Z0-9_]+$/),
      file: z.string().min(1),
      count: z.number().int().positive(),
      reason: z.string().min(40, 'a reason of at least a sentence'),
    }),
  ),
});

/** @typedef {z.infer<typeof allowlistSchema>['findings'][number]} AllowlistEntry */

/**
 * Parses the allowlist file's content; throws on a malformed file or a duplicate entry.
 *
 * @param {string} text
 * @returns {AllowlistEntry[]}
 */
export function parseAllowlist(text) {
  const { findings } = allowlistSchema.parse(JSON.parse(text));
  const keys = new Set();
  for (const entry of findings) {
    const key = `${entry.id} ${entry.file}`;
    if (keys.has(key)) throw new Error(`allowlist: ${key} is listed twice`);
    keys.add(key);
  }
  return findings;
}

/**
 * Compares findings with the allowlist.
 *
 * @param {readonly Finding[]} findings every finding, any severity
 * @param {readonly AllowlistEntry[]} allowlist
 * @returns {{ explained: Array<{ entry: AllowlistEntry, findings: Finding[] }>,
 *   unexplained: Array<{ id: string, file: string, findings: Finding[], listed: number }>,
 *   stale: AllowlistEntry[] }}
 */
export function compareWithAllowlist(findings, allowlist) {
  /** @type {Map<string, Finding[]>} */
  const groups = new Map();
  for (const finding of findings) {
    if (!BLOCKING_SEVERITIES.includes(finding.severity)) continue;
    const key = `${finding.id} ${finding.file}`;
    groups.set(key, [...(groups.get(key) ?? []), finding]);
  }
  const entries = new Map(allowlist.map((entry) => [`${entry.id} ${entry.file}`, entry]));
  const explained = [];
  const unexplained = [];
  for (const [key, group] of groups) {
    const entry = entries.get(key);
    const first = /** @type {Finding} */ (group[0]);
    if (entry !== undefined && entry.count === group.length)
      explained.push({ entry, findings: group });
    else
      unexplained.push({
        id: first.id,
        file: first.file,
        findings: group,
        listed: entry?.count ?? 0,
      });
  }
  const stale = allowlist.filter((entry) => !groups.has(`${entry.id} ${entry.file}`));
  return { explained, unexplained, stale };
}

/**
 * Runs Electronegativity on `inputs` (folders relative to `root`).
 *
 * @param {{ root?: string, inputs?: readonly string[], electronVersion?: string }} [options]
 * @returns {Promise<{ findings: Finding[], parseErrors: string[] }>}
 */
export async function scan({ root = ROOT, inputs = SCAN_INPUTS, electronVersion } = {}) {
  const version = electronVersion ?? (await pinnedElectronVersion(root));
  /** @type {Finding[]} */
  const findings = [];
  /** @type {string[]} */
  const parseErrors = [];
  for (const input of inputs) {
    const folder = path.join(root, input);
    const result = await runElectronegativity(
      {
        input: folder,
        isRelative: true,
        electronVersionOverride: version,
        customScan: [],
        excludeFromScan: EXCLUDED_CHECKS.map((check) => check.toLowerCase()),
        parserPlugins: [],
      },
      false,
    );
    for (const error of result.errors) {
      parseErrors.push(`${path.relative(root, error.file)}: ${error.message}`);
    }
    for (const issue of result.issues) {
      findings.push({
        id: issue.id,
        severity: issue.severity.name,
        confidence: issue.confidence.name,
        file:
          issue.file === 'N/A'
            ? 'N/A'
            : path.posix.join(input, issue.file.split(path.sep).join('/')),
        line: issue.location.line,
        description: issue.description,
      });
    }
  }
  return { findings, parseErrors };
}

/**
 * The exact Electron version in package.json's devDependencies (we pin it).
 *
 * @param {string} root
 * @returns {Promise<string>}
 */
async function pinnedElectronVersion(root) {
  const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
  const version = pkg.devDependencies?.electron ?? pkg.dependencies?.electron;
  if (typeof version !== 'string' || !/^\d+\.\d+\.\d+$/.test(version)) {
    throw new Error(`package.json must pin electron exactly, found ${String(version)}`);
  }
  return version;
}

/**
 * Formats the outcome for the console.
 *
 * @param {ReturnType<typeof compareWithAllowlist>} outcome
 * @param {readonly string[]} parseErrors
 * @returns {string}
 */
export function report(outcome, parseErrors) {
  const lines = [];
  for (const error of parseErrors) lines.push(`✗ not scanned (parse error): ${error}`);
  for (const group of outcome.unexplained) {
    const where = group.findings.map((f) => `${f.file}:${f.line}`).join(', ');
    const first = /** @type {Finding} */ (group.findings[0]);
    lines.push(
      `✗ ${group.id} [${first.severity}] ${group.findings.length} in ${group.file}` +
        ` (allowlist explains ${group.listed}): ${first.description} — ${where}`,
    );
  }
  for (const entry of outcome.stale) {
    lines.push(
      `✗ stale allowlist entry: ${entry.id} in ${entry.file} matches no finding; remove it`,
    );
  }
  for (const { entry } of outcome.explained) {
    lines.push(`✓ ${entry.id} ×${entry.count} in ${entry.file}: ${entry.reason}`);
  }
  return lines.join('\n');
}

async function main() {
  const allowlist = parseAllowlist(
    await readFile(path.join(ROOT, 'build', 'electronegativity-allowlist.json'), 'utf8'),
  );
  const { findings, parseErrors } = await scan();
  const outcome = compareWithAllowlist(findings, allowlist);
  console.log(report(outcome, parseErrors));
  const failed = parseErrors.length + outcome.unexplained.length + outcome.stale.length;
  const low = findings.filter((f) => !BLOCKING_SEVERITIES.includes(f.severity)).length;
  console.log(
    `electronegativity: ${findings.length - low} high/medium finding(s), ` +
      `${outcome.explained.length} explained group(s), ${low} low/informational, ${failed} problem(s).`,
  );
  if (failed > 0) process.exitCode = 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
