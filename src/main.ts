import 'reflect-metadata';
import { ConsoleLogger, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { AppModule } from './app.module';
import { APP_OPTIONS, configureApp } from './app.setup';
import { checkEnvironment } from './config/environment';
import { serverConfig } from './config/server.config';
import { InvalidConfiguration } from './config/validate-env';

async function bootstrap(): Promise<void> {
  checkEnvironment();
  const logger = new ConsoleLogger({ json: serverConfig().logFormat === 'json' });
  // abortOnError: false hands any other start-up failure to the catch below.
  const app = await NestFactory.create(AppModule, { ...APP_OPTIONS, abortOnError: false, logger });
  const { port } = configureApp(app);
  await app.listen(port);
  const { port: bound } = (app.getHttpServer() as Server).address() as AddressInfo;
  Logger.log(
    `Listening on port ${bound}: WebSocket ws://localhost:${bound}/ws/{1|2}; web client http://localhost:${bound}/app`,
    'Bootstrap',
  );
}

bootstrap().catch((error: unknown) => {
  if (error instanceof InvalidConfiguration) {
    // The deployer's to fix: one line with every problem, no stack.
    Logger.error(error.message, 'Bootstrap');
  } else {
    Logger.error(
      error instanceof Error ? error.message : 'start-up failed',
      error instanceof Error ? error.stack : undefined,
      'Bootstrap',
    );
  }
  process.exit(1);
});
