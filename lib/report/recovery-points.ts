// Which recovery point a target restored, and the two ages an operator and an auditor ask about (issue 13): the newest
// in the primary vault, and the newest in the DR vault, which is what a regional outage leaves and what the RPO
// verdict measures. One wording for the CLI summary, the report, the evidence and the notifications.
import type { RecoveryPointChoice, TargetResult } from '../drill/contracts';
import { formatDuration } from '../measure/durations';

export interface RecoveryPointAges {
  source: RecoveryPointChoice['source'];
  /** Age at drill start of the newest point in the primary vault, in minutes (null: none, or not looked at). */
  primaryMinutes: number | null;
  /** Age at drill start of the newest point in the DR vault (null: not looked at: source copy, or a one-region plan). */
  drMinutes: number | null;
  /** In a plan that names its accounts: the account whose vault held the restored point, and the recovery account. */
  accounts?: { vault: string; recovery: string };
}

const ageMinutes = (createdAt: string, drillStartedAt: string): number =>
  Math.max(0, Math.round(((Date.parse(drillStartedAt) - Date.parse(createdAt)) / 60_000) * 10) / 10);

export function recoveryPointAges(t: Pick<TargetResult, 'recoveryPoints'>, drillStartedAt: string): RecoveryPointAges | null {
  const c = t.recoveryPoints;
  if (!c) return null;
  return {
    source: c.source,
    primaryMinutes: c.primary ? ageMinutes(c.primary.createdAt, drillStartedAt) : null,
    drMinutes: c.dr ? ageMinutes(c.dr.createdAt, drillStartedAt) : null,
    ...(c.accounts && c.restored.account ? { accounts: { vault: c.restored.account, recovery: c.accounts.recovery } } : {}),
  };
}

/** "restored in account 777788889999 from a vault of account 444455556666", or null for a one-account plan. */
export function accountsSentence(ages: RecoveryPointAges | null): string | null {
  if (!ages?.accounts) return null;
  const { vault, recovery } = ages.accounts;
  return vault === recovery ? `restored in account ${recovery} from its own vault` : `restored in account ${recovery} from a vault of account ${vault}`;
}

/** "newest in the primary vault 3 h 32 min old; newest in the DR vault 3 h 32 min old (the RPO)", or null. */
export function agesSentence(ages: RecoveryPointAges | null): string | null {
  if (!ages) return null;
  const parts = [
    ages.primaryMinutes === null ? null : `newest in the primary vault ${formatDuration(ages.primaryMinutes)} old`,
    ages.drMinutes === null ? null : `newest in the DR vault ${formatDuration(ages.drMinutes)} old${ages.source === 'copy' ? '' : ' (the RPO)'}`,
    accountsSentence(ages),
  ].filter((p): p is string => p !== null);
  return parts.length ? parts.join('; ') : null;
}

const utc = (iso: string): string => iso.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');

/** The lines the CLI summary and the text report give per target: both ages, what was restored and why. */
export function recoveryPointLines(t: Pick<TargetResult, 'recoveryPoints'>, drillStartedAt: string): string[] {
  const c = t.recoveryPoints;
  if (!c) return [];
  const age = (createdAt: string) => `${utc(createdAt)}, ${formatDuration(ageMinutes(createdAt, drillStartedAt))} old at drill start`;
  return [
    `source ${c.why}`,
    `newest in the primary vault: ${c.primary ? age(c.primary.createdAt) : 'none'}${c.source === 'copy' ? ' (the RPO)' : ''}`,
    ...(c.dr || c.source !== 'copy' ? [`newest in the DR vault (what a regional outage leaves): ${c.dr ? `${age(c.dr.createdAt)} (the RPO)` : c.why.includes('one-region') ? 'the DR vault is the source vault' : 'none'}`] : []),
    `restored: ${c.restored.arn} of ${utc(c.restored.createdAt)} from vault ${c.restored.vault}${c.restored.account ? ` of account ${c.restored.account}` : ''}${c.source === 'copy' ? ' (through the drill\'s copy)' : ''}, chosen: ${c.restored.chosen}`,
    ...(c.accounts ? [`accounts: restored in the recovery account ${c.accounts.recovery}; source: ${c.accounts.source}`] : []),
  ];
}
