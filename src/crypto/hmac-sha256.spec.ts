import { createHmac, randomBytes } from 'node:crypto';
import { HmacSha256 } from './hmac-sha256';

const bytes = (value: number, count: number): Buffer => Buffer.alloc(count, value);

/** RFC 4231, section 4: key, data, HMAC-SHA-256 (case 5, a truncated MAC, is left out). */
const RFC_4231: [string, Buffer, Buffer, string][] = [
  ['1', bytes(0x0b, 20), Buffer.from('Hi There'), 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7'],
  [
    '2',
    Buffer.from('Jefe'),
    Buffer.from('what do ya want for nothing?'),
    '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
  ],
  ['3', bytes(0xaa, 20), bytes(0xdd, 50), '773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe'],
  [
    '4',
    Buffer.from(Array.from({ length: 25 }, (_, i) => i + 1)),
    bytes(0xcd, 50),
    '82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b',
  ],
  [
    '6 (a key longer than a block)',
    bytes(0xaa, 131),
    Buffer.from('Test Using Larger Than Block-Size Key - Hash Key First'),
    '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
  ],
  [
    '7 (key and data longer than a block)',
    bytes(0xaa, 131),
    Buffer.from(
      'This is a test using a larger than block-size key and a larger than block-size data. ' +
        'The key needs to be hashed before being used by the HMAC algorithm.',
    ),
    '9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2',
  ],
];

describe('HmacSha256', () => {
  it.each(RFC_4231)('gives RFC 4231 test case %s', (_case, key, data, mac) => {
    expect(new HmacSha256(key).mac(data).toString('hex')).toBe(mac);
  });

  it.each([0, 16, 32, 64, 65, 100])('agrees with node:crypto for a %i-byte key, message after message', (keyBytes) => {
    const key = randomBytes(keyBytes);
    const hmac = new HmacSha256(key);
    for (const length of [0, 1, 55, 56, 63, 64, 65, 137, 1000, 70_000]) {
      const message = randomBytes(length);
      expect(hmac.mac(message)).toEqual(createHmac('sha256', key).update(message).digest());
    }
  });

  it('hashes a message in place behind its room, leaving the message as it was', () => {
    const message = randomBytes(137);
    const room = Buffer.concat([randomBytes(HmacSha256.ROOM_BYTES), message]);
    const hmac = new HmacSha256(randomBytes(16));

    const mac = hmac.macInPlace(room);

    expect(Buffer.from(mac, 'latin1')).toEqual(hmac.mac(message));
    expect(room.subarray(HmacSha256.ROOM_BYTES)).toEqual(message);
  });
});
