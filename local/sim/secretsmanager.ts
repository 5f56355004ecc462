// AWS Secrets Manager: GetSecretValue on the database secrets the plan's SQL checks read (seed.ts creates them).
// A secret lives in the region of its ARN; asking another region's endpoint finds nothing, as in AWS.
import { str, type Handler, type SimContext } from './context';
import { notFound } from './errors';
import { iso, type Secret } from './world';

const SERVICE = 'secretsmanager';

const NOT_FOUND = "Secrets Manager can't find the specified secret.";

/** A SecretId is the full ARN, the ARN without its six-character suffix, or the name. */
export function secretIn(ctx: SimContext, secretId: string | undefined): Secret {
  const id = secretId ?? '';
  for (const secret of ctx.region.secrets.values()) {
    const partialArn = `${secret.arn.split(':secret:')[0]}:secret:${secret.name}`;
    if (id === secret.arn || id === secret.name || id === partialArn) return secret;
  }
  throw notFound(SERVICE, 'ResourceNotFoundException', NOT_FOUND);
}

const getSecretValue: Handler = (ctx, input) => {
  const secret = secretIn(ctx, str(input.SecretId));
  const versionId = str(input.VersionId);
  const stage = str(input.VersionStage);
  if (versionId !== undefined && versionId !== secret.versionId) {
    throw notFound(SERVICE, 'ResourceNotFoundException', `Secrets Manager can't find the specified secret value for VersionId: ${versionId}`);
  }
  if (stage !== undefined && stage !== 'AWSCURRENT') {
    throw notFound(SERVICE, 'ResourceNotFoundException', `Secrets Manager can't find the specified secret value for staging label: ${stage}`);
  }
  return {
    ARN: secret.arn,
    Name: secret.name,
    VersionId: secret.versionId,
    SecretString: secret.secretString,
    VersionStages: ['AWSCURRENT'],
    CreatedDate: iso(secret.createdAt),
  };
};

export const secretsmanagerHandlers: Record<string, Handler> = {
  GetSecretValue: getSecretValue,
};
