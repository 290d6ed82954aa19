/** `webAppPolicy`: the one policy both servers of the web app send. */
import { describe, expect, it } from 'vitest';
import { webAppPolicy } from './content-security-policy.js';

const directives = (policy: string): Map<string, string[]> =>
  new Map(
    policy.split('; ').map((directive) => {
      const [name, ...sources] = directive.split(' ');
      return [name ?? '', sources];
    }),
  );

describe('webAppPolicy', () => {
  it('allows no inline or eval script, no plugin, frame, form or base target', () => {
    const policy = directives(webAppPolicy([]));
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('style-src')).toEqual(["'self'"]);
    expect(policy.get('style-src-attr')).toEqual(["'unsafe-inline'"]);
    for (const name of ['object-src', 'frame-src', 'base-uri', 'form-action', 'frame-ancestors'])
      expect(policy.get(name)).toEqual(["'none'"]);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
  });

  it('adds each connect source once', () => {
    const policy = directives(
      webAppPolicy(['wss://relay.example', 'wss://relay.example', 'ws://[::1]:1234']),
    );
    expect(policy.get('connect-src')).toEqual(["'self'", 'wss://relay.example', 'ws://[::1]:1234']);
  });

  it.each([
    'wss://relay.example; script-src *',
    "wss://relay.example 'unsafe-eval'",
    'wss://relay.example,https://other',
    'javascript:alert(1)',
    '*',
    '',
  ])('refuses a source that could change the policy: %j', (source) => {
    expect(() => webAppPolicy([source])).toThrow(/not a connect source/);
  });
});
