// The runbook of every plan target type (what the restore-target state machine does with it): Load Target puts the
// target's on the state as $.runbook. Pure data, so it may reach any bundle.
import type { Target } from '../../plan/schema';
import { runbook as aurora } from './aurora/runbook';
import { runbook as docdb } from './docdb/runbook';
import { runbook as dynamodb } from './dynamodb/runbook';
import { runbook as ebs } from './ebs/runbook';
import { runbook as ec2 } from './ec2/runbook';
import { runbook as efs } from './efs/runbook';
import { runbook as fsx } from './fsx/runbook';
import { runbook as fsxOntap } from './fsx-ontap/runbook';
import { runbook as neptune } from './neptune/runbook';
import type { TargetRunbook } from './runbook';
import { runbook as rds } from './rds/runbook';
import { runbook as s3 } from './s3/runbook';

export const RUNBOOKS: Readonly<Record<Target['type'], TargetRunbook>> = { aurora, rds, dynamodb, ebs, ec2, efs, s3, fsx, 'fsx-ontap': fsxOntap, docdb, neptune };

export const runbookFor = (type: Target['type']): TargetRunbook => RUNBOOKS[type];
