// The drill the report tests describe: one context, so the report and its summary are tested on the same drill.
import type { DrillContext } from '../../lib/drill/contracts';

export const drill: DrillContext = {
  id: 'd0a1b2c3d',
  executionArn: 'arn:aws:states:eu-west-2:111122223333:execution:dr-drill-prod-drill:d0a1b2c3d',
  planName: 'nhs-patient-platform',
  planHash: '9f86d081884c',
  startedAt: '2025-03-04T02:00:00.000Z',
  sourceRegion: 'eu-west-1',
  drRegion: 'eu-west-2',
  allowedRegions: ['eu-west-1', 'eu-west-2'],
  residencyPolicy: 'UK and Ireland',
  keepCopies: false,
};
export const finishedAt = '2025-03-04T03:30:00.000Z';
