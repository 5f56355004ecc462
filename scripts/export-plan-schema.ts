// Writes schema/drill-plan.schema.json. Run after changing lib/plan/schema.ts: npx tsx scripts/export-plan-schema.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PLAN_JSON_SCHEMA_PATH, renderPlanJsonSchema } from '../lib/plan/json-schema';

writeFileSync(join(__dirname, '..', PLAN_JSON_SCHEMA_PATH), renderPlanJsonSchema());
console.log(`wrote ${PLAN_JSON_SCHEMA_PATH}`);
