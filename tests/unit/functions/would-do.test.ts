// The dry run's count of a target's data checks comes from its type's definition, so a validation block that sets
// only some of its optional checks is counted as the validation Lambda runs it.
import { restoreWouldDo } from '../../../functions/dry-run/would-do';
import { checkedPlan, drillContext, nhsPlanInputWithEveryType, targetsOf } from './fixtures';
import { ukOnlyWith } from '../plan-fixtures';

function checksLine(type: string, validation: Record<string, unknown>): string {
  const input = nhsPlanInputWithEveryType();
  const target = targetsOf(input).find((t) => t.type === type)!;
  target.validation = validation;
  const plan = checkedPlan(input);
  const lines = restoreWouldDo(plan, drillContext(plan), plan.targets.find((t) => t.type === type)!, null);
  return lines.find((l) => l.startsWith('check that it is ready'))!;
}

describe('restoreWouldDo: the data checks a real run would make', () => {
  it('counts a DynamoDB minimum item count given without keys', () => {
    expect(checksLine('dynamodb', { minItems: 10 })).toBe('check that it is ready, then run 1 data check');
  });

  it('counts an S3 minimum object count given without a manifest', () => {
    expect(checksLine('s3', { minObjects: 5 })).toBe('check that it is ready, then run 1 data check');
  });

  it('says there are none when a validation block sets no check', () => {
    expect(checksLine('efs', {})).toBe('check that it is ready (the plan names no data checks)');
  });
});

describe('restoreWouldDo: a one-region plan (UK only)', () => {
  const plan = checkedPlan(ukOnlyWith());
  const linesOf = (id: string) => restoreWouldDo(plan, drillContext(plan), plan.targets.find((t) => t.id === id)!, null);

  it('restores a recovery point where it is when the DR vault is the source vault: no copy, and none deleted', () => {
    const lines = linesOf('messages-db');

    expect(lines[0]).toBe(
      'take the newest completed recovery point (none was found now) in vault clinical-messaging (eu-west-2) as it is, without a copy (the DR vault is the source vault); it is not changed or deleted',
    );
    expect(lines.join('\n')).not.toMatch(/copied recovery point|copy the/);
  });

  it('copies into a separate restore vault in the same region, and deletes that copy', () => {
    const lines = linesOf('message-archive');

    expect(lines[0]).toBe(
      'copy the newest completed recovery point (none was found now) from vault clinical-messaging (eu-west-2) to vault clinical-messaging-restore (eu-west-2) as role AWSBackupDefaultServiceRole',
    );
    expect(lines.at(-1)).toContain('the copied recovery point');
  });
});
