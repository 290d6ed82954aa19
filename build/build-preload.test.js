import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPreload, checkPreloadBundle } from './build-preload.js';

describe('checkPreloadBundle', () => {
  it('accepts CommonJS that requires only sandbox modules', () => {
    const code =
      'const e = require("electron"); require("node:events"); e.contextBridge.exposeInMainWorld("entente", {});';
    expect(checkPreloadBundle(code)).toEqual([]);
  });

  it('refuses ES modules, other requires and a missing bridge', () => {
    expect(checkPreloadBundle('import { x } from "electron";\nexposeInMainWorld')).toEqual([
      'contains ES module syntax',
    ]);
    expect(checkPreloadBundle('export const a = 1; exposeInMainWorld')).toEqual([
      'contains ES module syntax',
    ]);
    expect(checkPreloadBundle('require("./bridge.js"); require("fs"); exposeInMainWorld')).toEqual([
      "requires './bridge.js'",
      "requires 'fs'",
    ]);
    expect(checkPreloadBundle('require("electron")')).toEqual(['does not expose the bridge']);
  });
});

describe('buildPreload', () => {
  /** @type {string} */
  let dir;
  /** @type {string} */
  let code;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'entente-preload-'));
    code = await readFile(await buildPreload({ output: path.join(dir, 'index.cjs') }), 'utf8');
  }, 60_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('emits one script that runs with only electron to require, and exposes the bridge once', async () => {
    /** @type {Array<[string, any]>} */
    const exposed = [];
    /** @type {Array<[string, unknown[]]>} */
    const invoked = [];
    // A stand-in for the two Electron objects a sandboxed preload receives.
    const electron = {
      contextBridge: {
        /** @param {string} name @param {unknown} api */
        exposeInMainWorld: (name, api) => exposed.push([name, api]),
      },
      ipcRenderer: {
        /** @param {string} channel @param {unknown[]} args */
        invoke: async (channel, ...args) => invoked.push([channel, args]),
        on: () => undefined,
        removeListener: () => undefined,
      },
    };
    /** @param {string} name */
    const sandboxRequire = (name) => {
      if (name === 'electron') return electron;
      throw new Error(`module not found: ${name}`);
    };
    const module = { exports: {} };
    vm.runInNewContext(code, { require: sandboxRequire, module, exports: module.exports });

    expect(exposed.map(([name]) => name)).toEqual(['entente']);
    const bridge = exposed[0]?.[1];
    expect(Object.keys(bridge)).toEqual(['app', 'settings', 'storage', 'links']);
    await bridge.app.openExternal('https://example.org');
    expect(invoked).toEqual([['entente:app:openExternal', ['https://example.org']]]);
    expect(typeof bridge.links.onOpenLink(() => undefined)).toBe('function');
  });
});
