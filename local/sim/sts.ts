// AWS STS: AssumeRole into a role of another account (issue 13). Whether the caller may is IAM's: its identity policy
// AND the role's trust policy (with sts:ExternalId), decided before this handler runs (SimAccount.authorize). The
// session it hands out acts as that role in that account (SimAccount.callerOfSession).
import { str, type Handler } from './context';
import { accessDenied } from './errors';
import { HOUR } from './hash';
import { iso } from './world';
import type { PolicyDocument } from '../stack/template';

const assumeRole: Handler = (ctx, input) => {
  const roleArn = str(input.RoleArn) ?? '';
  const sessionName = str(input.RoleSessionName) ?? '';
  const role = ctx.world.accounts?.roles.get(roleArn);
  // STS answers a role that does not exist as one the caller may not assume (AccessDenied), never "not found".
  if (!role) throw accessDenied('sts', `User: ${ctx.callerArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
  const seconds = typeof input.DurationSeconds === 'number' ? input.DurationSeconds : HOUR / 1000;
  const n = ctx.ordinal(`session:${roleArn}`);
  const accessKeyId = `ASIA${ctx.random.hex(16, 'session', roleArn, String(n)).toUpperCase()}`;
  const expiresAt = ctx.now + seconds * 1000;
  // A session policy narrows the session to what both it and the role allow (IAM User Guide, "Session policies").
  const policy = str(input.Policy);
  ctx.world.accounts!.sessions.set(accessKeyId, { roleArn, sessionName, expiresAt, ...(policy ? { policy: JSON.parse(policy) as PolicyDocument } : {}) });
  const roleName = roleArn.split('/').pop() ?? '';
  const roleId = `AROA${ctx.random.hex(17, 'role-id', roleArn).toUpperCase()}`;
  return {
    Credentials: {
      AccessKeyId: accessKeyId,
      SecretAccessKey: ctx.random.hex(40, 'secret', accessKeyId),
      SessionToken: ctx.random.hex(64, 'token', accessKeyId),
      Expiration: iso(expiresAt),
    },
    AssumedRoleUser: { AssumedRoleId: `${roleId}:${sessionName}`, Arn: `arn:aws:sts::${roleArn.split(':')[4]}:assumed-role/${roleName}/${sessionName}` },
  };
};

export const stsHandlers: Record<string, Handler> = { AssumeRole: assumeRole };
