import { describe, expect, it } from 'vitest';
import { APPROVE_RELAY, relayChangeDialog } from './relay-approval.js';

describe('relayChangeDialog', () => {
  it('names the relay host in French and defaults to refusing', () => {
    const dialog = relayChangeDialog('wss://relay.comite.example:8443/sync');
    expect(dialog.message).toBe('Se connecter au relais « relay.comite.example »\u202f?');
    expect(dialog.buttons[APPROVE_RELAY]).toBe('Se connecter');
    expect(dialog.buttons[dialog.defaultId]).toBe('Annuler');
    expect(dialog.cancelId).toBe(dialog.defaultId);
  });

  it('shows an internationalised host as the parser normalised it', () => {
    expect(relayChangeDialog('wss://xn--comit-fsa.example/').message).toContain(
      '« xn--comit-fsa.example »',
    );
  });
});
