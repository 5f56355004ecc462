// Which recovery point a target restored, and the two ages (issue 13), as the CLI summary, the notifications and the
// evidence page say them: the newest in the primary vault, the newest in the DR vault (what a regional outage leaves,
// the RPO's), the point restored and how it was chosen.
import { renderEvidenceHtml } from '../../lib/evidence/html';
import { notificationOf } from '../../lib/notify/structured';
import { renderText } from '../../lib/notify/message';
import { agesSentence, recoveryPointAges, recoveryPointLines } from '../../lib/report/recovery-points';
import type { RecoveryPointChoice, TargetResult } from '../../lib/drill/contracts';
import { evidence, passedTarget } from './evidence-fixtures';

const STARTED = '2025-03-04T02:00:00.000Z';
const DR_POINT = 'arn:aws:backup:eu-west-2:111122223333:recovery-point:dr-1';
const PRIMARY_POINT = 'arn:aws:backup:eu-west-1:111122223333:recovery-point:prod-1';

const choice = (over: Partial<RecoveryPointChoice> = {}): RecoveryPointChoice => ({
  source: 'dr-vault',
  why: 'dr-vault: backup plan nhs-daily rule daily-35d copies to the DR vault',
  primary: { arn: PRIMARY_POINT, createdAt: '2025-03-04T00:00:00.000Z' },
  dr: { arn: DR_POINT, createdAt: '2025-03-03T20:00:00.000Z' },
  copyRule: 'backup plan nhs-daily rule daily-35d',
  restored: { arn: DR_POINT, createdAt: '2025-03-03T20:00:00.000Z', vault: 'nhs-patient-platform-dr', chosen: 'latest' },
  ...over,
});
const withChoice = (c: RecoveryPointChoice | null): TargetResult => ({ ...passedTarget(), recoveryPoints: c });

describe('recovery points in the report', () => {
  it('gives both ages, the DR one marked as the RPO, and what was restored and why', () => {
    expect(agesSentence(recoveryPointAges(withChoice(choice()), STARTED))).toBe('newest in the primary vault 2 h old; newest in the DR vault 6 h old (the RPO)');
    expect(recoveryPointLines(withChoice(choice()), STARTED)).toEqual([
      'source dr-vault: backup plan nhs-daily rule daily-35d copies to the DR vault',
      'newest in the primary vault: 2025-03-04 00:00 UTC, 2 h old at drill start',
      'newest in the DR vault (what a regional outage leaves): 2025-03-03 20:00 UTC, 6 h old at drill start (the RPO)',
      `restored: ${DR_POINT} of 2025-03-03 20:00 UTC from vault nhs-patient-platform-dr, chosen: latest`,
    ]);
  });

  it('marks the primary age as the RPO when the drill copies, and says nothing of a DR vault it did not read', () => {
    const copied = choice({ source: 'copy', why: 'copy: no rule of backup plan nhs-daily copies to the DR vault nhs-patient-platform-dr', dr: null, copyRule: null, restored: { arn: PRIMARY_POINT, createdAt: '2025-03-04T00:00:00.000Z', vault: 'nhs-patient-platform', chosen: 'latest' } });
    expect(recoveryPointLines(withChoice(copied), STARTED)).toEqual([
      'source copy: no rule of backup plan nhs-daily copies to the DR vault nhs-patient-platform-dr',
      'newest in the primary vault: 2025-03-04 00:00 UTC, 2 h old at drill start (the RPO)',
      `restored: ${PRIMARY_POINT} of 2025-03-04 00:00 UTC from vault nhs-patient-platform (through the drill's copy), chosen: latest`,
    ]);
    expect(agesSentence(recoveryPointAges(withChoice(copied), STARTED))).toBe('newest in the primary vault 2 h old');
  });

  it('says nothing for a result recorded before the choice was', () => {
    expect(recoveryPointLines(withChoice(null), STARTED)).toEqual([]);
    expect(recoveryPointAges(withChoice(null), STARTED)).toBeNull();
  });

  it('shows both ages and how the point was chosen on the evidence page, and both ages in the email', () => {
    const random = choice({ restored: { arn: DR_POINT, createdAt: '2025-03-03T20:00:00.000Z', vault: 'nhs-patient-platform-dr', chosen: 'random within 14 days: 9 candidates, chose the one of 2025-03-03 20:00' } });
    const record = evidence([withChoice(random)]);
    const page = renderEvidenceHtml(record, []);
    expect(page).toContain('<dt>Newest in the primary vault</dt>');
    expect(page).toContain('<dt>Newest in the DR vault (what a regional outage leaves)</dt>');
    expect(page).toContain('random within 14 days: 9 candidates, chose the one of 2025-03-03 20:00');
    expect(page).toContain('dr-vault: backup plan nhs-daily rule daily-35d copies to the DR vault');

    const text = renderText(notificationOf(record.report, null));
    expect(text).toMatch(/recovery points: newest in the primary vault .* old; newest in the DR vault .* old \(the RPO\)/);
  });
});
