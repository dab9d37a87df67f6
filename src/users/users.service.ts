import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { usersConfig } from '../config/users.config';
import { USER_IDS, UserId } from '../protocol/events';

/** The two fixed users: ids are protocol, names come from config. */
@Injectable()
export class UsersService {
  constructor(@Inject(usersConfig.KEY) private readonly config: ConfigType<typeof usersConfig>) {}

  readonly ids = USER_IDS;

  /** The user id named by a path segment such as `"1"`, or undefined if there is none. */
  parseId(raw: string): UserId | undefined {
    return USER_IDS.find((id) => String(id) === raw);
  }

  nameOf(id: UserId): string {
    return this.config.names[id];
  }

  peerOf(id: UserId): UserId {
    return id === 1 ? 2 : 1;
  }
}
