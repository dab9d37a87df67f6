import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

type EnvClass<T extends object> = new () => T;

/** A configuration that does not validate; its message lists every problem, and no value. */
export class InvalidConfiguration extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'InvalidConfiguration';
  }
}

/**
 * Reads the variables declared on `cls` from the environment and validates them.
 * Empty values count as unset so a blank line in `.env` falls back to the default.
 * Errors name the variable and the rule, never the value (it may be a secret).
 */
export function validateEnv<T extends object>(cls: EnvClass<T>, env: NodeJS.ProcessEnv): T {
  const { instance, problems } = readEnv(cls, env);
  if (problems.length > 0) {
    throw new InvalidConfiguration(problems);
  }
  return instance;
}

/** Every problem of `cls`'s variables in `env`: the first broken rule of each variable. */
export function envProblems<T extends object>(cls: EnvClass<T>, env: NodeJS.ProcessEnv): string[] {
  return readEnv(cls, env).problems;
}

function readEnv<T extends object>(cls: EnvClass<T>, env: NodeJS.ProcessEnv): { instance: T; problems: string[] } {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
  const instance = plainToInstance(cls, present, { excludeExtraneousValues: true });
  const errors = validateSync(instance, { stopAtFirstError: true });
  return { instance, problems: errors.flatMap((error) => Object.values(error.constraints ?? {})) };
}
