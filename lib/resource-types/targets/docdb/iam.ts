// The IAM a DocumentDB target needs, per role part (../iam-statements.ts). Pure data: scripts/generate-iam.ts writes it
// into iam/generated/. DocumentDB is managed through RDS's actions on RDS's resource types ("use the rds: prefix
// followed by the API operation name", https://docs.aws.amazon.com/documentdb/latest/developerguide/UsingWithRDS.IAM.ResourcePermissions.html),
// so its statements are the RDS-family cluster's (../rds-family-cluster-iam.ts). Its data checks log in with the
// plan's secret (secretsmanager:GetSecretValue, granted to the validation function in serverless.yml): no IAM data
// action.
import { clusterIam } from '../rds-family-cluster-iam';

export const docdbIam = clusterIam();
