import { IsBoolean } from 'class-validator';
import { TabVisibilityRequest } from '../../protocol/events';

export class TabVisibilityDto implements TabVisibilityRequest {
  @IsBoolean()
  is_active!: boolean;
}
