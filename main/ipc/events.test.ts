import { describe, expect, it } from 'vitest';
import type { OpenLinkTarget } from '../../shared/ipc/contract.js';
import { createInMemoryIpc } from '../../shared/ipc/in-memory-ipc.js';
import { DeepLinkInbox } from '../services/deep-links.js';
import { createEventEmitter } from './events.js';

describe('createEventEmitter', () => {
  it('sends valid payloads on the contract channel', async () => {
    const ipc = createInMemoryIpc();
    const received: unknown[] = [];
    ipc.renderer.on('entente:links:onOpenLink', (payload) => received.push(payload));
    const emit = createEventEmitter(ipc.send);
    emit('links', 'onOpenLink', { kind: 'workspace', workspace: 'comite' });
    await Promise.resolve();
    await Promise.resolve();
    expect(received).toEqual([{ kind: 'workspace', workspace: 'comite' }]);
  });

  it('refuses to send a payload outside the contract', () => {
    const sent: unknown[] = [];
    const emit = createEventEmitter((channel, payload) => sent.push([channel, payload]));
    const bad = { kind: 'document', workspace: 'w', document: '../x' } as OpenLinkTarget;
    expect(() => emit('links', 'onOpenLink', bad)).toThrow();
    expect(sent).toEqual([]);
  });

  it('carries deep links from the inbox to the page', async () => {
    const ipc = createInMemoryIpc();
    const emit = createEventEmitter(ipc.send);
    const inbox = new DeepLinkInbox((target) => emit('links', 'onOpenLink', target));
    const received: unknown[] = [];
    ipc.renderer.on('entente:links:onOpenLink', (payload) => received.push(payload));
    inbox.takePending();
    inbox.receive('entente://document/comite/charte');
    await Promise.resolve();
    await Promise.resolve();
    expect(received).toEqual([{ kind: 'document', workspace: 'comite', document: 'charte' }]);
  });
});
