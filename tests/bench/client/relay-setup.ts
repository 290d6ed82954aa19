/**
 * The relay the typing and merge measures talk to: the real one (`dist/sync-server/cli.js`)
 * with the demo committee seeded into its store first (`cli.js demo`), so the page edits the
 * committee's real charter, and a cuttable TCP proxy in front of it for going offline.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { DEMO_WORKSPACE_ID } from '../../../shared/demo/members.js';
import { addCommitteeDocuments } from './committee-docs.js';
import type { Page } from 'playwright';
import type { Role } from '../../../shared/model/roles.js';
import {
  RELAY_CLI,
  TEST_SECRET,
  removeDir,
  startRelayProcess,
  tempDir,
  type RelayProcess,
} from '../../support/relay-process.js';
import { startProxy, type CuttableProxy } from '../../support/tcp-proxy.js';
import { token } from '../../support/tokens.js';

/** The demo relay and its proxy. */
export interface DemoRelay {
  readonly relay: RelayProcess;
  readonly proxy: CuttableProxy;
  /** `ws://` URL of the relay itself. */
  readonly directUrl: string;
  /** `ws://` URL of the proxy. */
  readonly proxyUrl: string;
  stop(): Promise<void>;
}

/**
 * Seeds the demo committee into a fresh data directory — with `extraDocuments` more
 * charter-sized documents (`committee-docs.ts`) — then starts the relay and the proxy.
 */
export async function startDemoRelay(extraDocuments = 0): Promise<DemoRelay> {
  const dataDir = tempDir('entente-bench-client-');
  const env = {
    PATH: process.env.PATH ?? '',
    ENTENTE_DATA_DIR: dataDir,
    ENTENTE_JWT_SECRET: TEST_SECRET,
    ENTENTE_LOG_LEVEL: 'warn',
  };
  execFileSync(process.execPath, [RELAY_CLI, 'demo'], { env, stdio: 'ignore' });
  if (extraDocuments > 0)
    await addCommitteeDocuments(join(dataDir, 'entente.sqlite'), DEMO_WORKSPACE_ID, extraDocuments);
  const relay = await startRelayProcess({
    dataDir,
    // Log level info: startRelayProcess waits for the "relay listening" line.
    env: { ENTENTE_WEB_ROOT: 'none' },
  });
  const proxy = await startProxy(relay.port);
  return {
    relay,
    proxy,
    directUrl: relay.url,
    proxyUrl: `ws://127.0.0.1:${proxy.port}`,
    stop: async () => {
      proxy.cut();
      await proxy.close();
      await relay.stop();
      removeDir(dataDir);
    },
  };
}

/** Who a page or a peer is in the committee. */
export interface Member {
  readonly sub: string;
  readonly name: string;
  readonly org: string;
  readonly ws: string;
  readonly role?: Role;
}

/** Joins the committee in the app at `appUrl` through the invitation link, as the e2e tests do. */
export async function joinCommittee(
  page: Page,
  appUrl: string,
  relayUrl: string,
  member: Member,
): Promise<void> {
  const link = `entente://join?relay=${encodeURIComponent(relayUrl)}&token=${token({ ...member })}`;
  await page.goto(`${appUrl}#open=${encodeURIComponent(link)}`);
  await page.getByRole('heading', { level: 1, name: `Comité « ${member.ws} »` }).waitFor();
}
