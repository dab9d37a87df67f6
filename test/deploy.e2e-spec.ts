import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface RailwayConfig {
  build: { builder: string; buildCommand: string };
  deploy: { startCommand: string; healthcheckPath: string; numReplicas: number };
}

const railway = JSON.parse(readFileSync(join(__dirname, '..', 'railway.json'), 'utf8')) as RailwayConfig;
const scripts = (
  JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts;

describe('railway.json (deploy)', () => {
  it("builds with the builder's own install: the build command never installs again", () => {
    // Railway's builders install first and mount a cache in node_modules/.cache; a second
    // `npm ci` there fails with EBUSY.
    const commands = [railway.build.buildCommand, scripts.build, scripts.prebuild ?? ''].join(' && ');
    expect(commands).not.toMatch(/\b(npm|pnpm|yarn)\s+(ci|install|i)\b/);
    expect(railway.build.builder).toBe('RAILPACK');
    expect(railway.build.buildCommand).toBe('npm run build');
  });

  it('starts the built server, checks /health, and runs one replica (the chat lives in RAM)', () => {
    expect(railway.deploy).toMatchObject({ healthcheckPath: '/health', numReplicas: 1 });
    expect(railway.deploy.startCommand).toMatch(/^node (--[a-z-]+(=\d+)? )*dist\/main$/);
  });

  it('starts the server as `npm start` does, the command the tests and the bench run', () => {
    expect(railway.deploy.startCommand).toBe(scripts.start);
  });
});
