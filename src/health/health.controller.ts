import { Controller, Get } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const { version } = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
  version: string;
};

@Controller()
export class HealthController {
  @Get()
  root(): { status: string; service: string; version: string } {
    return { status: 'ok', service: 'private-chat-server', version };
  }

  @Get('health')
  health(): { status: 'healthy' } {
    return { status: 'healthy' };
  }
}
