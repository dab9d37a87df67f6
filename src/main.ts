import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';

async function bootstrap(): Promise<void> {
  // abortOnError: false hands a start-up failure (a bad variable) to the catch below: one clear line.
  const app = await NestFactory.create(AppModule, { abortOnError: false });
  const { port } = configureApp(app);
  await app.listen(port);
  Logger.log(`Listening on port ${port}: ws://localhost:${port}/ws/{1|2}`, 'Bootstrap');
}

bootstrap().catch((error: unknown) => {
  Logger.error(error instanceof Error ? error.message : 'start-up failed', 'Bootstrap');
  process.exit(1);
});
