import { describe, expect, it } from 'vitest';
import { createInMemoryIpc } from './in-memory-ipc.js';

describe('createInMemoryIpc', () => {
  it('invokes the handler with the sender and cloned arguments', async () => {
    const ipc = createInMemoryIpc({ id: 7, url: 'app://entente/index.html' });
    const seen: unknown[] = [];
    const argument = { nested: [1, 2] };
    ipc.main.handle('c', (event, ...args) => {
      seen.push(event.sender.id, event.senderFrame?.url, event.senderFrame?.parent, ...args);
      (args[0] as { nested: number[] }).nested.push(3);
      return 'ok';
    });
    await expect(ipc.renderer.invoke('c', argument, 'b')).resolves.toBe('ok');
    expect(seen).toEqual([7, 'app://entente/index.html', null, { nested: [1, 2, 3] }, 'b']);
    expect(argument.nested).toEqual([1, 2]);
  });

  it('plays a sub-frame when asked', async () => {
    const ipc = createInMemoryIpc({ isMainFrame: false });
    ipc.main.handle('c', (event) => event.senderFrame?.parent !== null);
    await expect(ipc.renderer.invoke('c')).resolves.toBe(true);
  });

  it('rejects arguments that structured clone refuses', async () => {
    const ipc = createInMemoryIpc();
    ipc.main.handle('c', () => 'ok');
    await expect(ipc.renderer.invoke('c', () => 1)).rejects.toThrow();
  });

  it('rejects without a handler, and refuses a second handler', async () => {
    const ipc = createInMemoryIpc();
    await expect(ipc.renderer.invoke('none')).rejects.toThrow(/No handler registered/);
    ipc.main.handle('c', () => 1);
    expect(() => ipc.main.handle('c', () => 2)).toThrow(/second handler/);
    ipc.main.removeHandler('c');
    ipc.main.handle('c', () => 2);
    await expect(ipc.renderer.invoke('c')).resolves.toBe(2);
  });

  it('wraps handler errors as Electron does', async () => {
    const ipc = createInMemoryIpc();
    ipc.main.handle('c', () => {
      throw new Error('boom');
    });
    await expect(ipc.renderer.invoke('c')).rejects.toThrow(
      "Error invoking remote method 'c': Error: boom",
    );
  });

  it('delivers events asynchronously, cloned, until unsubscribed', async () => {
    const ipc = createInMemoryIpc();
    const received: unknown[] = [];
    const off = ipc.renderer.on('e', (payload) => received.push(payload));
    const payload = { n: 1 };
    ipc.send('e', payload);
    expect(received).toEqual([]);
    await Promise.resolve();
    await Promise.resolve();
    expect(received).toEqual([{ n: 1 }]);
    expect(received[0]).not.toBe(payload);
    off();
    ipc.send('e', payload);
    await Promise.resolve();
    await Promise.resolve();
    expect(received).toHaveLength(1);
  });
});
