// What `dr-drill smoke` needs before its first AWS call: the stage, the regions, the vaults and the AWS Backup role,
// from the flags, defaulting from the deployed plan's first target (deployed/plan.yml, what the stack was deployed
// with), checked against config/<stage>.yml (what the stack's IAM lets the drill touch). Every problem is found here,
// in words, so a typo costs no AWS call.
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { Plan } from '../../lib/plan/schema';
import { checkStage } from '../aws/region';

export interface SmokeSettings {
  stage: string;
  account: string;
  primaryRegion: string;
  drRegion: string;
  sourceVault: string;
  drVault: string;
  backupRole: string;
  residency: Plan['residency'];
}

export interface SmokeFlags {
  stage?: string;
  sourceVault?: string;
  drVault?: string;
  backupRole?: string;
}

const VAULT = /^arn:aws[a-z-]*:backup:([a-z0-9-]+):(\d{12}):backup-vault:[A-Za-z0-9_.-]{2,50}$/;
const ROLE = /^arn:aws[a-z-]*:iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/;

/** The stage's deployment settings that smoke checks against: config/<stage>.yml (config/example.yml documents them). */
export interface StageConfig {
  file: string;
  backupVaults?: string[];
  backupRoles?: string[];
  allowedRegions?: string[];
}

export function readStageConfig(stage: string, dir = 'config'): StageConfig | undefined {
  const file = `${dir}/${stage}.yml`;
  if (!existsSync(file)) return undefined;
  const raw = (parse(readFileSync(file, 'utf8')) ?? {}) as Record<string, unknown>;
  const list = (key: string) => (Array.isArray(raw[key]) ? (raw[key] as unknown[]).filter((v): v is string => typeof v === 'string') : undefined);
  return { file, backupVaults: list('backupVaults'), backupRoles: list('backupRoles'), allowedRegions: list('allowedRegions') };
}

export type SettingsCheck = { ok: true; settings: SmokeSettings } | { ok: false; problems: string[] };

/** The flags, else the deployed plan's first target; each problem names the flag that fixes it. */
export function smokeSettings(flags: SmokeFlags, plan: Plan, config: StageConfig | undefined): SettingsCheck {
  const problems: string[] = [];
  const first = plan.targets[0];
  const checked = checkStage(flags.stage);
  if (!checked.ok) problems.push(checked.problem);
  const stage = flags.stage ?? '';
  const sourceVault = flags.sourceVault ?? first?.sourceVault ?? '';
  const drVault = flags.drVault ?? first?.drVault ?? '';
  const backupRole = flags.backupRole ?? first?.backupRoleArn ?? '';
  const primaryRegion = plan.regions.primary;
  const drRegion = plan.regions.dr;
  const source = VAULT.exec(sourceVault);
  const target = VAULT.exec(drVault);
  const role = ROLE.exec(backupRole);
  if (!source) problems.push(`--source-vault ${sourceVault || '(missing)'}: must be a backup vault ARN (arn:aws:backup:<region>:<account>:backup-vault:<name>)`);
  else if (source[1] !== primaryRegion) problems.push(`--source-vault ${sourceVault}: must be in the plan's primary region ${primaryRegion}, where smoke backs up its table`);
  if (!target) problems.push(`--dr-vault ${drVault || '(missing)'}: must be a backup vault ARN (arn:aws:backup:<region>:<account>:backup-vault:<name>)`);
  else if (target[1] !== drRegion) problems.push(`--dr-vault ${drVault}: must be in the plan's DR region ${drRegion}, where the drill restores`);
  if (!role) problems.push(`--backup-role ${backupRole || '(missing)'}: must be an IAM role ARN (arn:aws:iam::<account>:role/<name>) that AWS Backup may assume`);
  const accounts = new Set([source?.[2], target?.[2], role?.[1]].filter(Boolean));
  if (accounts.size > 1) problems.push(`the vaults and the role name different accounts (${[...accounts].join(', ')}): smoke runs in one account`);

  // The stack's IAM only lets the drill touch what config/<stage>.yml lists (when it lists anything).
  if (config) {
    for (const [flag, arn] of [['--source-vault', sourceVault], ['--dr-vault', drVault]] as const) {
      if (config.backupVaults && arn && !config.backupVaults.includes(arn)) problems.push(`${flag} ${arn}: not in backupVaults of ${config.file}, so the deployed stack may not use it`);
    }
    if (config.backupRoles && backupRole && !config.backupRoles.includes(backupRole)) problems.push(`--backup-role ${backupRole}: not in backupRoles of ${config.file}, so the deployed stack may not pass it to AWS Backup`);
    for (const region of new Set([primaryRegion, drRegion])) {
      if (config.allowedRegions && !config.allowedRegions.includes(region)) problems.push(`region ${region} is not in allowedRegions of ${config.file}: the stack's roles are denied there`);
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    settings: { stage, account: source![2]!, primaryRegion, drRegion, sourceVault, drVault, backupRole, residency: plan.residency },
  };
}
