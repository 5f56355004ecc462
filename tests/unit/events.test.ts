// The files in events/ are used by hand and by other tests: they must stay true to the plan and the schemas.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { failoverItemSchema } from '../../lib/failover/contracts';
import { checkPlan } from '../../lib/plan/load';
import { drillContextSchema } from '../../lib/drill/contracts';
import { preflightEventSchema } from '../../functions/preflight/preflight';
import { executionStatusChangeSchema } from '../../lib/sweep/killed-drill';
import { drillIdFor } from '../../lib/drill/names';

const root = join(__dirname, '..', '..');
const json = (file: string) => JSON.parse(readFileSync(join(root, 'events', file), 'utf8')) as Record<string, unknown>;

describe('events/', () => {
  it('drill input carries the NHS example plan, valid as it stands', () => {
    const input = json('drill.input.json');
    const example = parse(readFileSync(join(root, 'examples', 'nhs-patient-platform.yml'), 'utf8'));

    expect(input.plan).toEqual(example);
    expect(checkPlan(input.plan).ok).toBe(true);
    expect(preflightEventSchema.shape.input.safeParse(input).success).toBe(true);
  });

  it('the narrowed input names a target the plan has', () => {
    const input = json('drill.only-appointments.input.json');
    const ids = (input.plan as { targets: { id: string }[] }).targets.map((t) => t.id);

    expect(input.only).toEqual(['appointments']);
    expect(ids).toContain('appointments');
  });

  it('failover-target input is what the parent failover Map passes to a child, for the example plan', () => {
    const input = json('failover-target.input.json');
    const item = failoverItemSchema.parse(input.item);
    const example = parse(readFileSync(join(root, 'examples', 'nhs-patient-platform.yml'), 'utf8')) as unknown;
    const checked = checkPlan(example);
    if (!checked.ok) throw new Error('the example plan must be valid');

    expect(item.target).toEqual(checked.plan.failover?.targets[0]);
    expect(item.settings.approvalRequired).toBe(!checked.plan.failover?.unattended);
  });

  it('restore-target input is what the parent Map passes to a child', () => {
    const input = json('restore-target.input.json');
    const schema = z.object({ drill: drillContextSchema, targetId: z.string(), AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID: z.string() });

    expect(schema.safeParse(input).success).toBe(true);
  });

  it('the status change of a stopped drill is what the sweeper parses, for an execution of the drill state machine', () => {
    const event = executionStatusChangeSchema.parse(json('drill-aborted.status-change.event.json'));

    expect(event.detail.status).toBe('ABORTED');
    expect(event.detail.stateMachineArn).toMatch(/:stateMachine:dr-drill-[a-z0-9-]+-drill$/);
    expect(event.detail.executionArn.replace(':execution:', ':stateMachine:').replace(/:[^:]+$/, '')).toBe(event.detail.stateMachineArn);
    expect(drillIdFor(event.detail.executionArn)).toMatch(/^d[0-9a-f]{8}$/);
  });
});
