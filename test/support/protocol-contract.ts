import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** The AsyncAPI description of the protocol, as the tests read it. */
export const ASYNCAPI_PATH = join(__dirname, '..', '..', 'docs', 'asyncapi.yaml');

interface FrameSchema {
  properties?: { type?: { const?: string } };
}

interface AsyncApiDocument {
  components: { schemas: Record<string, FrameSchema & { oneOf?: { $ref: string }[] }> };
}

const document = parse(readFileSync(ASYNCAPI_PATH, 'utf8')) as AsyncApiDocument;
const ajv = new Ajv({ allErrors: true, strict: true });
addFormats(ajv);
ajv.addKeyword('components'); // the schemas' home in the document, so '#/components/schemas/X' resolves
ajv.addSchema({ $id: 'asyncapi', components: document.components });

export type Direction = 'ServerFrame' | 'ClientFrame';

/** The schema for one frame type in one direction: `ServerFrame`'s branch whose `type` is `type`. */
function validatorFor(direction: Direction, type: unknown): ValidateFunction | undefined {
  const branch = (document.components.schemas[direction].oneOf ?? [])
    .map(({ $ref }) => $ref.split('/').at(-1) as string)
    .find((name) => document.components.schemas[name].properties?.type?.const === type);
  return ajv.getSchema(`asyncapi#/components/schemas/${branch ?? direction}`);
}

// Compiled now, so a document that does not compile fails the suite at once, not frame by frame.
for (const direction of ['ServerFrame', 'ClientFrame'] as const) {
  for (const { $ref } of document.components.schemas[direction].oneOf ?? []) {
    ajv.getSchema(`asyncapi${$ref}`);
  }
}

/** Problems of `frame` against docs/asyncapi.yaml in that direction; empty when it conforms. */
export function contractProblems(direction: Direction, frame: unknown): string[] {
  const type = typeof frame === 'object' && frame !== null ? (frame as { type?: unknown }).type : undefined;
  const validate = validatorFor(direction, type);
  if (validate === undefined) {
    throw new Error(`docs/asyncapi.yaml has no schema for ${direction}`);
  }
  return validate(frame)
    ? []
    : (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`.trim());
}
