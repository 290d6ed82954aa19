import { describe, expect, it } from 'vitest';
import { isValidId } from '../model/room-name.js';
import { minutesIdFor, minutesTitle } from './meeting-minutes.js';

describe('minutesIdFor', () => {
  it('derives one id per agenda, the same on every replica', () => {
    expect(minutesIdFor('ordre-du-jour-1a2b3c4d')).toBe('cr-ordre-du-jour-1a2b3c4d');
    expect(minutesIdFor('odj-2026-10-06')).toBe(minutesIdFor('odj-2026-10-06'));
    expect(minutesIdFor('odj-a')).not.toBe(minutesIdFor('odj-b'));
  });

  it('stays a valid id for the longest agenda ids, and tells them apart', () => {
    const a = `a${'x'.repeat(62)}1`;
    const b = `a${'x'.repeat(62)}2`;
    expect(a).toHaveLength(64);
    for (const id of [minutesIdFor(a), minutesIdFor(b)]) {
      expect(isValidId(id)).toBe(true);
      expect(id.length).toBeLessThanOrEqual(64);
    }
    expect(minutesIdFor(a)).not.toBe(minutesIdFor(b));
  });

  it('refuses what is not an id', () => {
    expect(() => minutesIdFor('../charte')).toThrow(/invalid agenda id/);
    expect(() => minutesIdFor('')).toThrow(/invalid agenda id/);
  });
});

describe('minutesTitle', () => {
  it('turns an agenda title into the minutes title', () => {
    expect(minutesTitle('Ordre du jour – séance du 6 octobre 2026')).toBe(
      'Compte rendu – séance du 6 octobre 2026',
    );
    expect(minutesTitle('Ordre du jour')).toBe('Compte rendu de séance');
    expect(minutesTitle('ordre du jour : bureau')).toBe('Compte rendu : bureau');
  });

  it('keeps other titles after a prefix', () => {
    expect(minutesTitle('Bureau du 12 janvier')).toBe(
      'Compte rendu de séance – Bureau du 12 janvier',
    );
    expect(minutesTitle('Ordre du jourX')).toBe('Compte rendu de séance – Ordre du jourX');
    expect(minutesTitle('   ')).toBe('Compte rendu de séance');
  });
});
