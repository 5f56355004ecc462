// CloudFormation refuses a template whose Description is over 1,024 bytes ("The value for the description
// declaration must be a literal string that is between 0 and 1024 bytes in length": AWS CloudFormation User Guide,
// "CloudFormation template Description syntax", template-description-structure.html). A too-long one fails the
// deploy command the README gives, so every template the project ships is held to it here.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadPackagedTemplate, PROJECT_ROOT } from './packaged-template';

const MAX_DESCRIPTION_BYTES = 1024;

/** The short-form intrinsic functions (!Ref, !Sub, ...) parsed as plain values: only Description is read. */
const shortForms = ['!Ref', '!Sub', '!GetAtt', '!If', '!Equals', '!Not', '!And', '!Or', '!Join', '!Select', '!Split', '!FindInMap', '!Base64', '!Cidr', '!ImportValue', '!GetAZs', '!Condition'].flatMap((tag) => [
  { tag, resolve: (v: unknown) => v },
  { tag, collection: 'seq' as const, resolve: (v: unknown) => v },
]);

const shipped = readdirSync(join(PROJECT_ROOT, 'resources'))
  .filter((f) => f.endsWith('.yml') || f.endsWith('.yaml'))
  .map((f) => `resources/${f}`);

describe('every CloudFormation template the project ships', () => {
  it('includes the standalone templates in resources/', () => {
    expect(shipped).toEqual(expect.arrayContaining(['resources/backup-restore-role.yml', 'resources/evidence-replica.yml']));
  });

  it.each(shipped)('%s has a literal Description of at most 1,024 bytes', (file) => {
    const template = parse(readFileSync(join(PROJECT_ROOT, file), 'utf8'), { customTags: shortForms }) as { Description?: unknown };
    expect(typeof template.Description).toBe('string');
    expect(Buffer.byteLength(String(template.Description), 'utf8')).toBeLessThanOrEqual(MAX_DESCRIPTION_BYTES);
  });

  it('the packaged stack (serverless package) has a literal Description of at most 1,024 bytes', () => {
    const template = loadPackagedTemplate() as unknown as { Description?: unknown };
    expect(typeof template.Description).toBe('string');
    expect(Buffer.byteLength(String(template.Description), 'utf8')).toBeLessThanOrEqual(MAX_DESCRIPTION_BYTES);
  }, 180_000);
});
