import { countCodePoints, secondsAfterRead } from './deletion-policy';

const defaults = { baseSeconds: 30, perCharacterSeconds: 0.5, maxLifetimeSeconds: 300 };

describe('deletion policy', () => {
  it.each([
    ['Hej', 3, 31.5],
    ['a 100-character text', 100, 80],
    ['a text at the cap', 540, 300],
    ['a long image', 1_000_000, 300],
    ['an empty count', 0, 30],
  ])('gives %s (%i characters) %d seconds', (_what, chars, expected) => {
    expect(secondsAfterRead(chars, defaults)).toBe(expected);
  });

  it('follows configured rules', () => {
    expect(secondsAfterRead(10, { baseSeconds: 1, perCharacterSeconds: 0.1, maxLifetimeSeconds: 1.5 })).toBe(1.5);
    expect(secondsAfterRead(4, { baseSeconds: 1, perCharacterSeconds: 0.1, maxLifetimeSeconds: 1.5 })).toBeCloseTo(1.4);
  });

  it.each([
    ['Hallå!', 6],
    ['👋', 1],
    ['Hej! 👋', 6],
    ['👨‍👩‍👧', 5], // three people joined by two zero-width joiners
    ['', 0],
    ['\ud800', 1], // a lone surrogate is one code point
    ['a\udc00\ud83d', 3],
    ['\ud83d', 1], // a lone high surrogate at the very end
    ['\udc4b\ud83d\udc4b', 2], // a lone low one first, then a pair
    ['\ud83d\udc4b\ud83d', 2], // a pair, then a lone high one last
    ['x\ud83d', 2],
    ['\ud800\udc00', 1], // the lowest pair
    ['\udbff\udfff', 1], // the highest pair
    ['\udc00\udc00', 2], // two low surrogates make no pair
  ])('counts %p as %i code points', (text, expected) => {
    expect(countCodePoints(text)).toBe(expected);
    expect(countCodePoints(text)).toBe(Array.from(text).length);
  });
});
