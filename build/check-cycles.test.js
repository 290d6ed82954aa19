import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findCycles } from './check-cycles.js';

describe('findCycles', () => {
  /** @type {string} */
  let dir;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'entente-cycles-'));
    // Resolve `./x.js` to `./x.ts` as our projects do (NodeNext).
    await writeFile(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext' } }),
    );
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** @param {Record<string, string>} files */
  const write = async (files) => {
    for (const [name, code] of Object.entries(files)) {
      await writeFile(path.join(dir, name), code);
    }
  };

  it('reports two modules that import each other', async () => {
    await write({
      'a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
      'b.ts': "import { a } from './a.js';\nexport const b = () => a;\n",
      'c.ts': "import { a } from './a.js';\nexport const c = a;\n",
    });
    const { files, cycles } = await findCycles(['*.ts'], dir);
    expect(files).toBe(3);
    expect(cycles).toEqual([['a.ts', 'b.ts']]);
  });

  it('reports a longer cycle once', async () => {
    await write({
      'a.ts': "import { b } from './b.js';\nexport const a = b;\n",
      'b.ts': "import { c } from './c.js';\nexport const b = c;\n",
      'c.ts': "import { a } from './a.js';\nexport const c = a;\n",
    });
    const { cycles } = await findCycles(['*.ts'], dir);
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toHaveLength(3);
  });

  it('ignores cycles made only of type imports or dynamic imports', async () => {
    await write({
      'a.ts': "import type { B } from './b.js';\nexport interface A { b?: B }\n",
      'b.ts': "import type { A } from './a.js';\nexport interface B { a?: A }\n",
      'c.ts': "export const c = async () => (await import('./d.js')).d;\n",
      'd.ts': "import { c } from './c.js';\nexport const d = c;\n",
    });
    expect((await findCycles(['*.ts'], dir)).cycles).toEqual([]);
  });
});
