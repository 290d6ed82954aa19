import { describe, expect, it } from 'vitest';
import type { OpenLinkTarget } from '../../shared/ipc/contract.js';
import { DeepLinkInbox, findLinkArgument } from './deep-links.js';

describe('findLinkArgument', () => {
  it('finds the link in a Windows or Linux command line', () => {
    expect(
      findLinkArgument([
        'C:\\Program Files\\Entente\\Entente.exe',
        '--allow-file-access-from-files',
        'entente://document/comite/charte',
      ]),
    ).toBe('entente://document/comite/charte');
    expect(findLinkArgument(['/usr/bin/entente', 'ENTENTE://workspace/w'])).toBe(
      'ENTENTE://workspace/w',
    );
  });

  it('ignores arguments that merely contain the scheme', () => {
    expect(findLinkArgument(['/usr/bin/entente', '--x=entente://workspace/w'])).toBeNull();
    expect(findLinkArgument(['/usr/bin/entente', '.'])).toBeNull();
    expect(findLinkArgument([])).toBeNull();
  });

  it('takes the last link when there are several', () => {
    expect(findLinkArgument(['entente://workspace/a', 'entente://workspace/b'])).toBe(
      'entente://workspace/b',
    );
  });
});

describe('DeepLinkInbox', () => {
  const make = () => {
    const delivered: OpenLinkTarget[] = [];
    return { delivered, inbox: new DeepLinkInbox((target) => delivered.push(target)) };
  };

  it('holds the newest link until the UI takes it, then delivers as events', () => {
    const { delivered, inbox } = make();
    expect(inbox.receive('entente://workspace/a').ok).toBe(true);
    inbox.receive('entente://workspace/b');
    expect(delivered).toEqual([]);
    expect(inbox.takePending()).toEqual({ kind: 'workspace', workspace: 'b' });
    expect(inbox.takePending()).toBeNull();
    inbox.receive('entente://document/b/c');
    expect(delivered).toEqual([{ kind: 'document', workspace: 'b', document: 'c' }]);
  });

  it('queues again while the page reloads', () => {
    const { delivered, inbox } = make();
    inbox.takePending();
    inbox.pause();
    inbox.receive('entente://workspace/a');
    expect(delivered).toEqual([]);
    expect(inbox.takePending()).toEqual({ kind: 'workspace', workspace: 'a' });
  });

  it('drops malformed links and keeps the pending one', () => {
    const { delivered, inbox } = make();
    inbox.receive('entente://workspace/a');
    const result = inbox.receive('entente://workspace/../../x');
    expect(result.ok).toBe(false);
    expect(inbox.takePending()).toEqual({ kind: 'workspace', workspace: 'a' });
    expect(inbox.receive('entente://nope').ok).toBe(false);
    expect(delivered).toEqual([]);
  });
});
