import { registerAs } from '@nestjs/config';
import { Length } from 'class-validator';
import { StringVar } from './env-decorators';
import { validateEnv } from './validate-env';

export class UsersEnv {
  @StringVar('poosie')
  @Length(1, 64, { message: '$property must be 1 to 64 characters' })
  USER_1_NAME!: string;

  @StringVar('noosie')
  @Length(1, 64, { message: '$property must be 1 to 64 characters' })
  USER_2_NAME!: string;
}

export const usersConfig = registerAs('users', () => {
  const env = validateEnv(UsersEnv, process.env);
  return { names: { 1: env.USER_1_NAME, 2: env.USER_2_NAME } as const };
});
