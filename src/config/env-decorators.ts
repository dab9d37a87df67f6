import { applyDecorators } from '@nestjs/common';
import { Expose, Transform } from 'class-transformer';
import { IsBoolean, IsNumber, IsPositive, Max, Min, ValidateBy, ValidationArguments } from 'class-validator';

/** A number of seconds from the environment: finite, >= `min`, defaulting to `fallback`. */
export function SecondsVar(fallback: number, { min = 0, positive = false } = {}) {
  const bounds = positive ? [IsPositive({ message: '$property must be a positive number' })] : [];
  return applyDecorators(
    Expose(),
    Transform(({ value }: { value: unknown }) => (value === undefined ? fallback : Number(value))),
    IsNumber({ allowNaN: false, allowInfinity: false }, { message: '$property must be a number of seconds' }),
    Min(min, { message: `$property must be at least ${min}` }),
    ...bounds,
  );
}

/** A whole number from the environment within [min, max], defaulting to `fallback`. */
export function IntegerVar(fallback: number, min: number, max = Number.MAX_SAFE_INTEGER) {
  return applyDecorators(
    Expose(),
    Transform(({ value }: { value: unknown }) => (value === undefined ? fallback : Number(value))),
    IsNumber(
      { allowNaN: false, allowInfinity: false, maxDecimalPlaces: 0 },
      { message: '$property must be a whole number' },
    ),
    Min(min, { message: `$property must be at least ${min}` }),
    Max(max, { message: `$property must be at most ${max}` }),
  );
}

/** `true` or `false` from the environment, defaulting to `fallback`. */
export function BooleanVar(fallback: boolean) {
  return applyDecorators(
    Expose(),
    Transform(({ value }: { value: unknown }) =>
      value === undefined ? fallback : value === 'true' ? true : value === 'false' ? false : value,
    ),
    IsBoolean({ message: '$property must be true or false' }),
  );
}

/** A string from the environment, defaulting to `fallback`. */
export function StringVar(fallback?: string) {
  return applyDecorators(
    Expose(),
    Transform(({ value }: { value: unknown }) => (value === undefined ? fallback : value)),
  );
}

/** Fewest different characters a secret may have: "aaaaaaaaaaaaaaaa" is no secret, whatever its length. */
const MIN_DISTINCT_CHARACTERS = 6;

/** A secret with too little variety to be guessed slowly: few different characters. */
export function VariedSecret(): PropertyDecorator {
  return ValidateBy({
    name: 'variedSecret',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || new Set(value).size >= MIN_DISTINCT_CHARACTERS,
      defaultMessage: () =>
        `$property has too little variety to be secret (fewer than ${MIN_DISTINCT_CHARACTERS} different characters): use a random value`,
    },
  });
}

/** The value must not equal the variable `other` (both secrets, so neither value is shown). */
export function DiffersFrom(other: string): PropertyDecorator {
  return ValidateBy({
    name: 'differsFrom',
    constraints: [other],
    validator: {
      validate: (value: unknown, args?: ValidationArguments) =>
        value === undefined || value !== (args?.object as Record<string, unknown>)[other],
      defaultMessage: () => `$property must differ from ${other}`,
    },
  });
}
