export interface DeletionRules {
  baseSeconds: number;
  perCharacterSeconds: number;
  maxLifetimeSeconds: number;
}

/** Seconds a read message lives: min(BASE + chars * PER_CHAR, MAX). */
export function secondsAfterRead(charCount: number, rules: DeletionRules): number {
  return Math.min(rules.baseSeconds + charCount * rules.perCharacterSeconds, rules.maxLifetimeSeconds);
}

/** Unicode code points, not UTF-16 units: "👋" is 1. Counts surrogate pairs without allocating. */
export function countCodePoints(text: string): number {
  let pairs = 0;
  for (let i = 0; i < text.length - 1; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        pairs++;
        i++;
      }
    }
  }
  return text.length - pairs;
}
