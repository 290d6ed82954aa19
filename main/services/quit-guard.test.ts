import { describe, expect, it } from 'vitest';
import { QUIT_ANYWAY, QuitGuard, UnsyncedChanges, quitDialog } from './quit-guard.js';

describe('UnsyncedChanges', () => {
  it('sums the counts of every window and forgets closed ones', () => {
    const unsynced = new UnsyncedChanges();
    unsynced.set(1, 3);
    unsynced.set(2, 4);
    unsynced.set(1, 2);
    expect(unsynced.total()).toBe(6);
    unsynced.set(2, 0);
    expect(unsynced.total()).toBe(2);
    unsynced.forget(1);
    expect(unsynced.total()).toBe(0);
  });
});

describe('QuitGuard', () => {
  it('lets the app quit when everything is synced', () => {
    expect(new QuitGuard(new UnsyncedChanges()).attempt()).toBe('proceed');
  });

  it('asks once, waits while the dialog is open, then follows the answer', () => {
    const unsynced = new UnsyncedChanges();
    unsynced.set(1, 5);
    const guard = new QuitGuard(unsynced);
    expect(guard.attempt()).toBe('ask');
    expect(guard.attempt()).toBe('wait');
    guard.answer(false);
    expect(guard.attempt()).toBe('ask');
    guard.answer(true);
    expect(guard.attempt()).toBe('proceed');
    expect(guard.attempt()).toBe('proceed');
  });

  it('does not ask again once changes were synced in the meantime', () => {
    const unsynced = new UnsyncedChanges();
    unsynced.set(1, 1);
    const guard = new QuitGuard(unsynced);
    expect(guard.attempt()).toBe('ask');
    guard.answer(false);
    unsynced.set(1, 0);
    expect(guard.attempt()).toBe('proceed');
  });
});

describe('quitDialog', () => {
  it('speaks French, singular and plural, and defaults to staying', () => {
    const one = quitDialog(1);
    expect(one.message).toBe('1 modification n’a pas encore été envoyée au relais.');
    expect(quitDialog(12345).message).toBe(
      '12\u202f345 modifications n’ont pas encore été envoyées au relais.',
    );
    expect(one.buttons[QUIT_ANYWAY]).toBe('Quitter quand même');
    expect(one.buttons[one.defaultId]).toBe('Annuler');
    expect(one.cancelId).toBe(one.defaultId);
  });
});
