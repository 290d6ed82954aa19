/**
 * `demo`: seeds the demo committee into the configured store (once) and prints, as one JSON
 * object, the workspace and a signed token for each demo user — what `npm start` needs to open
 * the app signed in. Tokens are signed with the relay's secret, resolved as the relay does.
 */
import { resolve } from 'node:path';
import { DEMO_COMMITTEE } from '../../shared/demo/committee.js';
import { organisation } from '../../shared/demo/organisations.js';
import { signJwt } from '../auth/jwt.js';
import { resolveJwtSecret } from '../auth/secret.js';
import { loadConfig } from '../config.js';
import { openStore } from '../index.js';
import { seedDemo } from './seed-demo.js';

/** Lifetime of the demo tokens: a working week. */
const DEMO_TOKEN_SECONDS = 7 * 24 * 3600;

/** Seeds the demo and prints `{ workspace, seeded, users: [{ id, name, org, role, token }] }`. */
export async function runDemoCommand(argv: string[]): Promise<void> {
  const config = loadConfig(process.env, argv);
  const secret = resolveJwtSecret(config.jwtSecret, resolve(config.dataDir));
  const store = await openStore(config);
  try {
    const report = await seedDemo(store);
    const now = Math.floor(Date.now() / 1000);
    const users = DEMO_COMMITTEE.users.map((user) => {
      const org = organisation(user.organisation).acronym;
      const claims = {
        sub: user.id,
        name: user.name,
        org,
        ws: DEMO_COMMITTEE.workspaceId,
        role: user.role,
      };
      return {
        ...claims,
        id: user.id,
        token: signJwt({ ...claims, iat: now, exp: now + DEMO_TOKEN_SECONDS }, secret),
      };
    });
    process.stdout.write(
      `${JSON.stringify({ workspace: DEMO_COMMITTEE.workspaceId, seeded: report.seeded, users })}\n`,
    );
  } finally {
    await store.close();
  }
}
