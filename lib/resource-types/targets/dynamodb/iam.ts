// The IAM a DynamoDB target needs, per role part (../iam-statements.ts). Pure data: scripts/generate-iam.ts writes it
// into iam/generated/.
import { arns, shared, type TypeIam } from '../iam-statements';

const table = [arns.createdTable];
const copy = arns.recoveryPoints.backup.copied;

export const dynamodbIam: TypeIam = {
  recoveryPoints: arns.recoveryPoints.backup,
  parts: {
    validateRestore: [
      { sid: 'ReadRestoredTable', actions: ['dynamodb:GetItem'], resources: table },
      { sid: 'DescribeRestoredTable', actions: ['dynamodb:DescribeTable'], resources: table },
    ],
    deleteRestored: [shared.tagged('DeleteRestoredTableTagged', ['dynamodb:DeleteTable'], table)],
    checkCleanup: [{ sid: 'DescribeCreatedTable', actions: ['dynamodb:DescribeTable'], resources: table }],
    markCreated: [shared.markNamed(['dynamodb:TagResource'], table), shared.markUnnamed(['backup:TagResource'], [copy])],
    sweep: [
      { sid: 'SweepDescribeTable', actions: ['dynamodb:DescribeTable'], resources: table },
      { sid: 'SweepDescribeRecoveryPoints', actions: ['backup:DescribeRecoveryPoint'], resources: [copy] },
      shared.tagged('SweepTableTagged', ['dynamodb:DeleteTable'], table),
      shared.tagged('SweepCopiedRecoveryPointsTagged', ['backup:DeleteRecoveryPoint'], [copy]),
    ],
    restoreTestingValidator: [{ sid: 'ReadRestoreTestTable', actions: ['dynamodb:DescribeTable', 'dynamodb:GetItem'], resources: [arns.restoreTestTable] }],
  },
  backupRestoreRole: {
    statements: [
      {
        sid: 'RestoreDynamoDbTables',
        why: "AWS Backup's DynamoDB restores create the table and write its items.",
        actions: ['dynamodb:RestoreTableFromAwsBackup', 'dynamodb:DescribeTable', 'dynamodb:PutItem', 'dynamodb:BatchWriteItem', 'dynamodb:UpdateItem'],
        resources: [{ 'Fn::Sub': 'arn:aws:dynamodb:${DrRegion}:${AWS::AccountId}:table/${RestoredPrefix}*' }],
      },
    ],
    kmsViaServices: ['dynamodb.${DrRegion}.amazonaws.com'],
  },
};
