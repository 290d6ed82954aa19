import { describe, expect, it } from 'vitest';
import { AddressLimits, addressKey } from './address-limits.js';

const settings = {
  maxConnectionsPerAddress: 2,
  upgradesPerSecond: 2,
  upgradeBurst: 3,
  trustedProxies: ['10.0.0.1', '10.0.0.2'],
};

describe('addressKey', () => {
  it('keeps IPv4, unwraps IPv4-mapped IPv6, and groups IPv6 by /64', () => {
    expect(addressKey('192.0.2.7')).toBe('192.0.2.7');
    expect(addressKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
  });
});

describe('AddressLimits', () => {
  it('counts open connections per address and frees them on close', () => {
    const limits = new AddressLimits(settings, () => 0);
    expect(limits.opened('192.0.2.7')).toBe(true);
    expect(limits.opened('192.0.2.7')).toBe(true);
    expect(limits.opened('192.0.2.7')).toBe(false);
    expect(limits.opened('192.0.2.8')).toBe(true);
    limits.closed('192.0.2.7');
    expect(limits.opened('192.0.2.7')).toBe(true);
    // Two addresses of one /64 share the count.
    expect(limits.opened('2001:db8:1:2::a')).toBe(true);
    expect(limits.opened('2001:db8:1:2::b')).toBe(true);
    expect(limits.opened('2001:db8:1:2::c')).toBe(false);
  });

  it('never limits the connections of a trusted proxy', () => {
    const limits = new AddressLimits(settings, () => 0);
    for (let i = 0; i < 100; i++) expect(limits.opened('10.0.0.1')).toBe(true);
    expect(limits.openFrom('10.0.0.1')).toBe(0);
  });

  it('gives upgrades a burst, then a rate', () => {
    let now = 0;
    const limits = new AddressLimits(settings, () => now);
    expect([1, 2, 3, 4].map(() => limits.takeUpgrade('192.0.2.7'))).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(limits.takeUpgrade('192.0.2.8')).toBe(true);
    now = 500; // one more token at 2 per second
    expect(limits.takeUpgrade('192.0.2.7')).toBe(true);
    expect(limits.takeUpgrade('192.0.2.7')).toBe(false);
    now = 100_000;
    expect([1, 2, 3, 4].map(() => limits.takeUpgrade('192.0.2.7'))).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });

  it('reads X-Forwarded-For only from a trusted proxy, from the right, past the other proxies', () => {
    const limits = new AddressLimits(settings, () => 0);
    expect(limits.clientAddress('192.0.2.7', '198.51.100.1')).toBe('192.0.2.7');
    expect(limits.clientAddress('10.0.0.1', '198.51.100.1')).toBe('198.51.100.1');
    // A client cannot pick its own bucket by writing the header: the proxy's entry is last.
    expect(limits.clientAddress('10.0.0.1', 'forged, 198.51.100.1')).toBe('198.51.100.1');
    expect(limits.clientAddress('10.0.0.1', '198.51.100.1, 10.0.0.2')).toBe('198.51.100.1');
    expect(limits.clientAddress('10.0.0.1', ['198.51.100.1', '203.0.113.5'])).toBe('203.0.113.5');
    expect(limits.clientAddress('10.0.0.1', undefined)).toBe('10.0.0.1');
    expect(limits.clientAddress(undefined, undefined)).toBe('unknown');
  });
});
