import { IsBoolean } from 'class-validator';

export class TabVisibilityDto {
  @IsBoolean()
  is_active!: boolean;
}
