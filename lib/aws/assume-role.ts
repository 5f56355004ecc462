// A role of another account, assumed through STS (issue 13): a standard vault of a central backup account accepts no
// cross-account call but a copy into it ("cross-account access for any action other than backup:CopyIntoBackupVault
// will be rejected", AWS Backup Developer Guide, "Vault access policies"), so dr-drill reads and copies out of it as a
// role of that account (resources/central-backup-copy-role.yml), with the ExternalId its trust policy requires.
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import type { AwsClients } from './clients';
import { CrossAccountRoleError } from '../errors';

export interface AssumeRoleRequest {
  roleArn: string;
  externalId: string;
  /** Shown in the other account's CloudTrail as the session: say which drill and target it is. */
  sessionName: string;
  /**
   * Narrows the session to these actions, whatever else the role allows: "the resulting session's permissions are the
   * intersection of the role's identity-based policy and the session policies" (STS API Reference, AssumeRole, Policy).
   * Its plaintext "can't exceed 2,048 characters" (SDK doc comment of AssumeRoleRequest.Policy): the callers' lists are a few actions.
   */
  onlyActions?: readonly string[];
}

// RoleSessionName: 2 to 64 characters of [\w+=,.@-] (SDK doc comment of AssumeRoleRequest.RoleSessionName).
const sessionNameOf = (name: string): string => name.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);

/**
 * The clients of `clients`' services signed as `request.roleArn`, through the regional STS endpoint of `region` (the
 * function's own: regional endpoints keep the call, and its CloudTrail record, in the plan's regions). The session
 * lasts STS's default hour, longer than any one invocation; each invocation assumes the role again.
 */
export async function assumeRoleClients(clients: AwsClients, region: string, request: AssumeRoleRequest): Promise<AwsClients> {
  const out = await clients.get('sts', region).send(
    new AssumeRoleCommand({
      RoleArn: request.roleArn,
      RoleSessionName: sessionNameOf(request.sessionName),
      ExternalId: request.externalId,
      ...(request.onlyActions ? { Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: request.onlyActions, Resource: '*' }] }) } : {}),
    }),
  );
  const credentials = out.Credentials;
  if (!credentials?.AccessKeyId || !credentials.SecretAccessKey) {
    throw new CrossAccountRoleError(`sts:AssumeRole of ${request.roleArn} returned no credentials`);
  }
  return clients.signedWith({
    accessKeyId: credentials.AccessKeyId,
    secretAccessKey: credentials.SecretAccessKey,
    ...(credentials.SessionToken ? { sessionToken: credentials.SessionToken } : {}),
    ...(credentials.Expiration ? { expiration: credentials.Expiration } : {}),
  });
}
