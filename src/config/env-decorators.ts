import { applyDecorators } from '@nestjs/common';
import { Expose, Transform } from 'class-transformer';
import { IsNumber, IsPositive, Max, Min } from 'class-validator';

/** A number of seconds from the environment: finite, >= `min`, defaulting to `fallback`. */
export function SecondsVar(fallback: number, { min = 0, positive = false } = {}) {
  const bounds = positive ? [IsPositive({ message: '$property must be a positive number' })] : [];
  return applyDecorators(
    Expose(),
    Transform(({ value }: { value: unknown }) => (value === undefined ? fallback : Number(value))),
    IsNumber(
      { allowNaN: false, allowInfinity: false },
      { message: '$property must be a number of seconds' },
    ),
    Min(min, { message: `$property must be at least ${min}` }),
    ...bounds,
  );
}

/** A whole number from the environment within [min, max], defaulting to `fallback`. */
export function IntegerVar(fallback: number, min: number, max = Number.MAX_SAFE_INTEGER) {
  return applyDecorators(
    Expose(),
    Transform(({ value }: { value: unknown }) => (value === undefined ? fallback : Number(value))),
    IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 0 }, { message: '$property must be a whole number' }),
    Min(min, { message: `$property must be at least ${min}` }),
    Max(max, { message: `$property must be at most ${max}` }),
  );
}

/** A string from the environment, defaulting to `fallback`. */
export function StringVar(fallback?: string) {
  return applyDecorators(
    Expose(),
    Transform(({ value }: { value: unknown }) => (value === undefined ? fallback : value)),
  );
}
