import { INestApplication, NestApplicationOptions } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Clock } from './clock/clock';
import { ChatWsAdapter } from './transport/chat-ws.adapter';
import { installInlinePipes } from './transport/inline-pipes';
import { installInterceptorShortcut } from './transport/interceptor-shortcut';
import { installWsProxyShortcut } from './transport/ws-proxy-shortcut';
import { securityConfig } from './config/security.config';
import { serverConfig } from './config/server.config';
import { NotFoundFilter } from './http/not-found.filter';
import { securityHeaders } from './http/security-headers';
import { AccessService } from './security/access.service';
import { FrameRateLimiter } from './security/frame-rate.limiter';

/**
 * How main.ts creates the app, shared with the e2e tests. No route takes a body, so none is read:
 * with Nest's default parsers a stranger's POST of JSON was parsed before its 404 (~5 ms for a
 * 100 KB nest of brackets) and a malformed one answered with the parser's message.
 */
export const APP_OPTIONS: NestApplicationOptions = { bodyParser: false };

/** Everything main.ts does to the app besides listening, shared with the e2e tests. */
export function configureApp(app: INestApplication): ConfigType<typeof serverConfig> {
  const server = app.get<string, ConfigType<typeof serverConfig>>(serverConfig.KEY);
  const security = app.get<string, ConfigType<typeof securityConfig>>(securityConfig.KEY);
  const access = app.get(AccessService);
  const frameRate = app.get(FrameRateLimiter);
  const clock = app.get(Clock);
  // Before the gateways are bound: promises Nest would build per frame that these handlers do not need.
  installInlinePipes();
  installInterceptorShortcut();
  installWsProxyShortcut();
  app.use(securityHeaders(server.isProduction));
  app.useGlobalFilters(new NotFoundFilter());
  app.useWebSocketAdapter(
    new ChatWsAdapter(app, {
      maxPayloadBytes: server.maxFrameBytes,
      outgoing: server.outgoing,
      pingIntervalMs: security.pingIntervalMs,
      pendingSockets: security.pendingSockets,
      checkUpgrade: (request) => access.checkUpgrade(request),
      admitFrame: (socket) => frameRate.admit(socket),
      msUntilNextWindow: (socket) => frameRate.msUntilNextWindow(socket),
      onFlood: (request) => access.coolDownAfterFlood(request),
      schedule: (task, ms) => void clock.schedule(task, ms),
    }),
  );
  // process.exit(0) after the hooks: re-raising SIGTERM (Nest's default) would exit with 143.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  return server;
}
