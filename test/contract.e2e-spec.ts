import { DiagnosticSeverity, Parser } from '@asyncapi/parser';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CLIENT_EVENTS, ERROR_CODES, ServerEventType } from '../src/protocol/events';
import { ASYNCAPI_PATH } from './support/protocol-contract';

interface Schema {
  oneOf?: { $ref: string }[];
  enum?: string[];
  properties?: { type?: { const?: string } };
}

const text = readFileSync(ASYNCAPI_PATH, 'utf8');
const schemas = (parse(text) as { components: { schemas: Record<string, Schema> } }).components.schemas;
const frameTypes = (direction: string): string[] =>
  (schemas[direction].oneOf ?? []).map(
    ({ $ref }) => schemas[$ref.split('/').at(-1) as string].properties?.type?.const ?? '',
  );

/** Every server event the code can send (a Record keyed by the type, so a new one must be added here). */
const SERVER_EVENTS: Record<ServerEventType, true> = {
  connection_info: true,
  chat_message: true,
  message_read: true,
  message_delivered: true,
  message_deleted: true,
  message_edited: true,
  status_update: true,
  typing: true,
  stop_typing: true,
  clear_all: true,
  heartbeat: true,
  session_full: true,
  session_replaced: true,
  error: true,
};

describe('docs/asyncapi.yaml (the contract)', () => {
  it('is a valid AsyncAPI 3 document by the official parser, with no error or warning', async () => {
    const { document, diagnostics } = await new Parser().parse(text);
    const problems = diagnostics
      .filter((diagnostic) => [DiagnosticSeverity.Error, DiagnosticSeverity.Warning].includes(diagnostic.severity))
      .map((diagnostic) => `${diagnostic.path.join('.')}: ${diagnostic.message}`);
    expect(problems).toEqual([]);
    expect(document?.version()).toBe('3.0.0');
  });

  it('describes exactly the frames and error codes the code knows', () => {
    expect(frameTypes('ClientFrame').sort()).toEqual([...CLIENT_EVENTS].sort());
    expect(frameTypes('ServerFrame').sort()).toEqual(Object.keys(SERVER_EVENTS).sort());
    expect(schemas.ErrorCode.enum?.slice().sort()).toEqual([...ERROR_CODES].sort());
  });

  it('is the document docs/protocol.md points to', () => {
    const prose = readFileSync(join(__dirname, '..', 'docs', 'protocol.md'), 'utf8');
    expect(prose).toContain('asyncapi.yaml');
    for (const type of [...CLIENT_EVENTS, ...Object.keys(SERVER_EVENTS), ...ERROR_CODES]) {
      expect(prose).toContain(`\`${type}\``);
    }
  });
});
