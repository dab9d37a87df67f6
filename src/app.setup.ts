import { INestApplication } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { ChatWsAdapter } from './chat/chat-ws.adapter';
import { serverConfig } from './config/server.config';

/** Everything main.ts does to the app besides listening, shared with the e2e tests. */
export function configureApp(app: INestApplication): ConfigType<typeof serverConfig> {
  const config = app.get<string, ConfigType<typeof serverConfig>>(serverConfig.KEY);
  app.useWebSocketAdapter(new ChatWsAdapter(app, { maxPayloadBytes: config.maxFrameBytes }));
  app.enableShutdownHooks();
  return config;
}
