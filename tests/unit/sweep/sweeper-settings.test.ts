// The sweeper's settings for smoke's leftovers, read once at cold start from what serverless.yml gives it: the
// deployed plan's primary region, and config backupVaults joined (a pattern when config names none).
import { sweeperSettings } from '../../../functions/sweeper/sweeper';

const BASE = {
  DRILL_STATE_MACHINE_ARN: 'arn:aws:states:eu-west-2:111122223333:stateMachine:dr-drill-dev-drill',
  RESTORE_TARGET_STATE_MACHINE_ARN: 'arn:aws:states:eu-west-2:111122223333:stateMachine:dr-drill-dev-restore-target',
  DRILL_TOPIC_ARN: 'arn:aws:sns:eu-west-2:111122223333:dr-drill-dev-drills',
};

describe("the sweeper's smoke settings", () => {
  it('keeps the named vaults of the primary region, by name, and drops patterns and other regions', () => {
    const settings = sweeperSettings({
      ...BASE,
      SWEEPER_SMOKE_REGION: 'eu-west-1',
      SWEEPER_SMOKE_VAULTS: [
        'arn:aws:backup:eu-west-1:111122223333:backup-vault:nhs-patient-platform',
        'arn:aws:backup:eu-west-2:111122223333:backup-vault:nhs-patient-platform-dr',
        'arn:aws:backup:*:111122223333:backup-vault:*',
      ].join(','),
    });

    expect(settings.smoke).toEqual({ region: 'eu-west-1', vaults: ['nhs-patient-platform'] });
  });

  it('knows no vault when config names none (the default pattern), and looks nowhere else without a region', () => {
    expect(sweeperSettings({ ...BASE, SWEEPER_SMOKE_REGION: 'eu-west-1', SWEEPER_SMOKE_VAULTS: 'arn:aws:backup:*:111122223333:backup-vault:*' }).smoke).toEqual({ region: 'eu-west-1', vaults: [] });
    expect(sweeperSettings(BASE).smoke).toBeUndefined();
  });
});
