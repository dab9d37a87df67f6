import { Module } from '@nestjs/common';
import { WEB_CLIENT_DIR } from './web-client-dir';
import { FaviconController } from './favicon.controller';
import { WebController } from './web.controller';

@Module({
  controllers: [WebController, FaviconController],
  // `npm run build` writes the client beside this module's compiled file (dist/web).
  providers: [{ provide: WEB_CLIENT_DIR, useValue: __dirname }],
})
export class WebModule {}
