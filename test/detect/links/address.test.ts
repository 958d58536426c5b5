import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyAddress, parseIPv6 } from '../../../src/detect/links/address.js';

function range(address: string): string {
  const v = classifyAddress(address);
  return v.public ? 'public' : v.range;
}

describe('classifyAddress', () => {
  test('IPv4 internal ranges are refused, with the range named', () => {
    assert.equal(range('127.0.0.1'), 'loopback');
    assert.equal(range('127.255.1.2'), 'loopback');
    assert.equal(range('10.1.2.3'), 'private');
    assert.equal(range('172.16.0.1'), 'private');
    assert.equal(range('172.31.255.255'), 'private');
    assert.equal(range('192.168.1.1'), 'private');
    assert.equal(range('169.254.169.254'), 'link-local');
    assert.equal(range('100.64.0.1'), 'carrier-grade-nat');
    assert.equal(range('0.0.0.0'), 'this-network');
    assert.equal(range('224.0.0.1'), 'multicast');
    assert.equal(range('255.255.255.255'), 'broadcast');
    assert.equal(range('192.0.2.10'), 'documentation');
  });

  test('IPv4 neighbours of internal ranges are public', () => {
    assert.equal(range('172.15.255.255'), 'public');
    assert.equal(range('172.32.0.0'), 'public');
    assert.equal(range('100.128.0.1'), 'public');
    assert.equal(range('8.8.8.8'), 'public');
    assert.equal(range('93.184.216.34'), 'public');
  });

  test('IPv6 special addresses are refused', () => {
    assert.equal(range('::1'), 'loopback');
    assert.equal(range('::'), 'unspecified');
    assert.equal(range('fe80::1'), 'link-local');
    assert.equal(range('fe80::1%eth0'), 'link-local');
    assert.equal(range('fd12:3456::1'), 'unique-local');
    assert.equal(range('fc00::1'), 'unique-local');
    assert.equal(range('ff02::1'), 'multicast');
    assert.equal(range('2001:db8::1'), 'documentation');
    assert.equal(range('[::1]'), 'loopback');
  });

  test('IPv4 inside IPv6 is judged by the IPv4 address', () => {
    assert.equal(range('::ffff:127.0.0.1'), 'ipv4-mapped:loopback');
    assert.equal(range('::ffff:7f00:1'), 'ipv4-mapped:loopback');
    assert.equal(range('0:0:0:0:0:ffff:a9fe:a9fe'), 'ipv4-mapped:link-local');
    assert.equal(range('::ffff:10.0.0.1'), 'ipv4-mapped:private');
    assert.equal(range('64:ff9b::192.168.0.1'), 'nat64:private');
    assert.equal(range('2002:7f00:1::'), '6to4:loopback');
    assert.equal(range('::127.0.0.1'), 'ipv4-compatible');
    assert.equal(range('::ffff:8.8.8.8'), 'public');
  });

  test('global unicast IPv6 is public; unallocated space is not', () => {
    assert.equal(range('2606:4700:4700::1111'), 'public');
    assert.equal(range('2a00:1450:4007:80e::200e'), 'public');
    assert.equal(range('4000::1'), 'reserved');
  });

  test('anything that is not an IP address is refused, never guessed', () => {
    assert.equal(range('localhost'), 'not-an-ip');
    assert.equal(range('0x7f.0.0.1'), 'not-an-ip');
    assert.equal(range('2130706433'), 'not-an-ip');
    assert.equal(range(''), 'not-an-ip');
  });

  test('parseIPv6 expands short forms and embedded quads', () => {
    assert.deepEqual(Array.from(parseIPv6('::ffff:1.2.3.4')!), [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 1, 2, 3, 4]);
    assert.deepEqual(Array.from(parseIPv6('1::')!).slice(0, 2), [0, 1]);
    assert.equal(parseIPv6('1:2:3'), undefined);
  });
});
