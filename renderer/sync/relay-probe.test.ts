/** The relay's reachability probe (`relay-probe.ts`), against the real relay of the browser project. */
import { describe, expect, inject, it } from 'vitest';
import { fetchRelayProbe, healthUrlOf } from './relay-probe.js';

const relay = inject('ententeRelay');
const control = (what: 'cut' | 'restore') => fetch(`${relay.controlUrl}/${what}`);

describe('relay probe', () => {
  it('asks /healthz on the http(s) origin of the relay', () => {
    expect(healthUrlOf('wss://relay.example.org')).toBe('https://relay.example.org/healthz');
    expect(healthUrlOf('ws://127.0.0.1:1234/')).toBe('http://127.0.0.1:1234/healthz');
    expect(healthUrlOf('wss://relay.example.org/entente')).toBe(
      'https://relay.example.org/entente/healthz',
    );
    expect(healthUrlOf('https://relay.example.org')).toBeNull();
  });

  it('says whether the relay answers, through the cuttable proxy', async () => {
    expect(await fetchRelayProbe(relay.proxyUrl)).toBe(true);
    await control('cut');
    try {
      expect(await fetchRelayProbe(relay.proxyUrl)).toBe(false);
    } finally {
      await control('restore');
    }
    expect(await fetchRelayProbe(relay.proxyUrl)).toBe(true);
  });
});
