import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AddressInfo } from 'node:net';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';

async function bootstrap(): Promise<void> {
  // abortOnError: false hands a start-up failure (a bad variable) to the catch below: one clear line.
  const app = await NestFactory.create(AppModule, { abortOnError: false });
  const { port } = configureApp(app);
  await app.listen(port);
  const { port: bound } = app.getHttpServer().address() as AddressInfo;
  Logger.log(`Listening on port ${bound}: ws://localhost:${bound}/ws/{1|2}`, 'Bootstrap');
}

bootstrap().catch((error: unknown) => {
  Logger.error(error instanceof Error ? error.message : 'start-up failed', 'Bootstrap');
  process.exit(1);
});
