#!/usr/bin/env node
/**
 * Command line of the relay: `serve` (the default) and `token`.
 *   npm run server                       start with embedded defaults
 *   npm run server -- --port 4000        any setting as a flag (see README)
 *   npm run server -- token --workspace W --user U --name "…" --org "…" --role R --ttl 30d
 *   npm run server -- demo               seed the demo committee once, print its users' tokens
 *   npm run server -- backup --out FILE  online, consistent copy of the SQLite store
 *   npm run server -- restore --from FILE [--force]   put a backup in place (relay stopped)
 */
import { ConfigError, loadConfig } from './config.js';
import { startRelay } from './index.js';
import { runBackupCommand, runRestoreCommand } from './backup-command.js';
import { runDemoCommand } from './demo/demo-command.js';
import { runTokenCommand } from './token-command.js';

async function serve(argv: string[]): Promise<void> {
  const config = loadConfig(process.env, argv);
  const relay = await startRelay(config);
  let stopping = false;
  const onSignal = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    const timer = setTimeout(() => {
      process.stderr.write(`shutdown took longer than ${config.shutdownTimeoutMs} ms, exiting\n`);
      process.exit(1);
    }, config.shutdownTimeoutMs);
    timer.unref();
    relay.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`shutdown failed after ${signal}: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));
}

async function main(): Promise<void> {
  const [first, ...rest] = process.argv.slice(2);
  if (first === 'token') return runTokenCommand(rest);
  if (first === 'demo') return runDemoCommand(rest);
  if (first === 'backup') return runBackupCommand(rest);
  if (first === 'restore') return runRestoreCommand(rest);
  if (first === 'serve') return serve(rest);
  return serve(first === undefined ? [] : [first, ...rest]);
}

main().catch((error: unknown) => {
  const message =
    error instanceof ConfigError || error instanceof Error ? error.message : String(error);
  process.stderr.write(`entente relay: ${message}\n`);
  process.exit(2);
});
