import { Module } from '@nestjs/common';
import { WEB_CLIENT_DIR } from './web-client-dir';
import { WebController } from './web.controller';

@Module({
  controllers: [WebController],
  // `npm run build` writes the client beside this module's compiled file (dist/web).
  providers: [{ provide: WEB_CLIENT_DIR, useValue: __dirname }],
})
export class WebModule {}
