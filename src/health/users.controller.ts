import { Controller, Get, UseGuards } from '@nestjs/common';
import { PresenceStatus, UserId } from '../protocol/events';
import { UsersService } from '../users/users.service';
import { UserTokenGuard } from '../security/user-token.guard';
import { PresenceService } from '../presence/presence.service';

export interface UsersResponse {
  users: { id: UserId; name: string; status: PresenceStatus; is_tab_active: boolean; connected: boolean }[];
  max_users: 2;
}

@Controller('users')
@UseGuards(UserTokenGuard)
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly presence: PresenceService,
  ) {}

  @Get()
  list(): UsersResponse {
    return {
      users: this.users.ids.map((id) => {
        const view = this.presence.view(id);
        return {
          id,
          name: view.user_name,
          status: view.status,
          is_tab_active: view.is_tab_active,
          connected: this.presence.isConnected(id),
        };
      }),
      max_users: 2,
    };
  }
}
