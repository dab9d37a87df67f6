import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { usersConfig } from '../config/users.config';
import { USER_IDS, UserId } from '../protocol/events';

/** The two fixed users: ids are protocol, names come from config. */
@Injectable()
export class UsersService {
  constructor(@Inject(usersConfig.KEY) private readonly config: ConfigType<typeof usersConfig>) {}

  readonly ids = USER_IDS;

  /** The user of `/ws/1?token=...`; undefined for `/ws`, `/ws/3`, `/ws/1/x` and the like. */
  idFromUrl(url: string | undefined): UserId | undefined {
    const segment = new URL(url ?? '/', 'ws://localhost').pathname.replace(/^\/ws\/?/, '');
    return USER_IDS.find((id) => String(id) === segment);
  }

  nameOf(id: UserId): string {
    return this.config.names[id];
  }

  peerOf(id: UserId): UserId {
    return id === 1 ? 2 : 1;
  }
}
