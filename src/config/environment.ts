import { CryptoEnv } from './crypto.config';
import { MessagesEnv } from './messages.config';
import { PresenceEnv } from './presence.config';
import { PushEnv } from './push.config';
import { SecurityEnv } from './security.config';
import { ServerEnv } from './server.config';
import { UsersEnv } from './users.config';
import { envProblems, InvalidConfiguration } from './validate-env';

const ENV_CLASSES: (new () => object)[] = [
  ServerEnv,
  MessagesEnv,
  PresenceEnv,
  UsersEnv,
  CryptoEnv,
  SecurityEnv,
  PushEnv,
];

/**
 * Checks every variable of every namespace before the app is built, so a bad deploy hears of
 * all its problems at once rather than one namespace per failed start.
 */
export function checkEnvironment(env: NodeJS.ProcessEnv = process.env): void {
  const problems = [...new Set(ENV_CLASSES.flatMap((cls) => envProblems(cls, env)))];
  if (problems.length > 0) {
    throw new InvalidConfiguration(problems);
  }
}
