import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

type EnvClass<T extends object> = new () => T;

/**
 * Reads the variables declared on `cls` from the environment and validates them.
 * Empty values count as unset so a blank line in `.env` falls back to the default.
 * Errors name the variable and the rule, never the value (it may be a secret).
 */
export function validateEnv<T extends object>(
  cls: EnvClass<T>,
  env: NodeJS.ProcessEnv,
): T {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
  const instance = plainToInstance(cls, present, { excludeExtraneousValues: true });
  const errors = validateSync(instance, { stopAtFirstError: true }) // first rule per variable, every variable;
  if (errors.length > 0) {
    const problems = errors.flatMap((error) => Object.values(error.constraints ?? {}));
    throw new Error(`Invalid configuration: ${problems.join('; ')}`);
  }
  return instance;
}
