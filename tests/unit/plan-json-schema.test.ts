import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PLAN_JSON_SCHEMA_PATH, renderPlanJsonSchema } from '../../lib/plan/json-schema';
import { AU_EXAMPLE, NHS_EXAMPLE, UK_ONLY_EXAMPLE } from './plan-fixtures';

const ROOT = join(__dirname, '..', '..');

describe('the JSON Schema editors validate plans with', () => {
  it('is the committed file, regenerated from the zod schema (run `npx tsx scripts/export-plan-schema.ts` if not)', () => {
    const committed = readFileSync(join(ROOT, PLAN_JSON_SCHEMA_PATH), 'utf8');

    expect(committed).toBe(renderPlanJsonSchema());
  });

  it.each([NHS_EXAMPLE, AU_EXAMPLE, UK_ONLY_EXAMPLE])('is named on the first line of %s so editors find it', (file) => {
    const [firstLine] = readFileSync(file, 'utf8').split('\n');

    expect(firstLine).toBe('# yaml-language-server: $schema=../schema/drill-plan.schema.json');
  });

  it('describes what a person writes: defaulted fields are optional, unknown fields are refused', () => {
    const schema = JSON.parse(renderPlanJsonSchema()) as { required: string[]; additionalProperties: boolean };

    expect(schema.required).toEqual(['name', 'residency', 'regions', 'objectives']);
    expect(schema.additionalProperties).toBe(false);
  });
});
