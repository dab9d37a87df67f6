import { INestApplication, LoggerService } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { AppModule } from '../../src/app.module';
import { APP_OPTIONS, configureApp } from '../../src/app.setup';
import { Clock } from '../../src/clock/clock';
import { UserId } from '../../src/protocol/events';
import { WEB_CLIENT_DIR } from '../../src/web/web-client-dir';
import { ChatClient } from './chat-client';
import { ManualClock } from './manual-clock';

export interface TestApp {
  app: INestApplication;
  clock: ManualClock;
  baseUrl: string;
  wsUrl(path: string): string;
  /** Opens a socket for a user (any path segment); closed with the app. */
  connect(userId: UserId | string, query?: string): Promise<ChatClient>;
  /** Connects as a user and returns once `connection_info` has arrived. */
  join(userId: UserId, query?: string): Promise<ChatClient>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Serve the built web client (dist/web, made by `npm run build`) at /app. */
  webClient?: boolean;
  /** Receives every log line, instead of the console. */
  logger?: LoggerService;
}

const BUILT_WEB_CLIENT = join(__dirname, '..', '..', 'dist', 'web');

/** The real AppModule and adapter on a free port, with a manual clock and the given environment. */
export async function startTestApp(env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const saved = { ...process.env };
  Object.assign(process.env, { NODE_ENV: 'test', ...env });
  const clock = new ManualClock();
  try {
    const builder = Test.createTestingModule({ imports: [AppModule] })
      .overrideProvider(Clock)
      .useValue(clock);
    if (options.webClient === true) {
      builder.overrideProvider(WEB_CLIENT_DIR).useValue(BUILT_WEB_CLIENT);
    }
    const moduleRef = await builder.compile();
    const app = moduleRef.createNestApplication({ ...APP_OPTIONS, logger: options.logger ?? ['error', 'warn'] });
    configureApp(app);
    await app.listen(0, '127.0.0.1');
    const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
    const clients: ChatClient[] = [];
    const wsUrl = (path: string): string => `ws://127.0.0.1:${port}${path}`;
    const testApp: TestApp = {
      app,
      clock,
      baseUrl: `http://127.0.0.1:${port}`,
      wsUrl,
      async connect(userId, query = '') {
        const client = await ChatClient.connect(wsUrl(`/ws/${userId}${query}`));
        clients.push(client);
        return client;
      },
      async join(userId, query = '') {
        const client = await testApp.connect(userId, query);
        await client.next('connection_info');
        return client;
      },
      async close() {
        await Promise.all(clients.map((client) => client.close()));
        await app.close();
        const violations = clients.flatMap((client) => client.contractViolations);
        if (violations.length > 0) {
          throw new Error(`the server broke docs/asyncapi.yaml: ${violations.join(' | ')}`);
        }
      },
    };
    return testApp;
  } finally {
    process.env = saved;
  }
}
