import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class MessageReadDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  message_id!: string;
}
