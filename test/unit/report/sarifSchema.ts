// Validates a SARIF log against the official SARIF 2.1.0 JSON schema (draft-04, vendored under
// test/fixtures/schemas with its license note) with ajv. Formats are checked where ajv knows them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv04 from 'ajv-draft-04';

const SCHEMA = path.resolve(__dirname, '../../../../test/fixtures/schemas/sarif-2.1.0-rtm.5.json');

let validator: ((data: unknown) => boolean) & { errors?: unknown } | undefined;

export function validateSarif(log: unknown): string[] {
  if (!validator) {
    const schema = JSON.parse(fs.readFileSync(SCHEMA, 'utf8')) as Record<string, unknown>;
    // strict: false because the schema uses draft-04 keywords and `format: uri` values ajv has no checker for.
    // unicodeRegExp: false because one of the schema's patterns (artifact language) is not valid with the u flag.
    const ajv = new Ajv04({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false });
    validator = ajv.compile(schema);
  }
  if (validator(log)) return [];
  return ((validator.errors ?? []) as Array<{ instancePath: string; message?: string }>).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}
