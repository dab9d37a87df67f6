import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { usersConfig } from '../config/users.config';
import { UsersService } from './users.service';

@Module({
  imports: [ConfigModule.forFeature(usersConfig)],
  providers: [UsersService],
  exports: [UsersService],
})
export class UsersModule {}
