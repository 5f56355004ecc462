// The plan `dr-drill plan init` writes, from what it read (lib/init/discover.ts) and what the person gave (residency,
// regions, objectives): one target per protected resource of a type dr-drill drills, what they share under
// `defaults:` (vaults, role, each type's restore block), and a note for every value a person must confirm (`CHOOSE:`).
// It never guesses a residency policy: that is the person's input, and the plan check refuses what breaks it.
import { resourceNameOf } from '../drill/resolve-selections';
import { definitionOfType, TARGET_TYPES, type TargetType } from '../resource-types/targets/definition-registry';
import type { InitChoice } from '../resource-types/targets/target-definition';
import type { Discovery, FoundResource } from './discover';
import { chooseNetwork, type NetworkChoice } from './network';

/** The marker of a value a person must confirm or change; the README tells operators to search for it. */
export const CHOOSE = 'CHOOSE:';

export interface InitInput {
  name?: string;
  residency: { policy: string; allowedRegions: string[] };
  objectives?: { rtoMinutes?: number; rpoMinutes?: number };
  /** When the discovery ran: ages in the comments are from it. */
  now: Date;
  /** How the reads were made, for the header ("account 1111… with your credentials", "the simulated NHS account"). */
  source: string;
  /** Where the plan's JSON Schema is, relative to the written plan, for editors (yaml-language-server); absent: no line. */
  schemaPath?: string;
}

/** A comment on a node of the plan, by its path: `before` on lines above it, `after` at the end of its line. */
export interface Note {
  path: (string | number)[];
  before?: string;
  after?: string;
}

export interface PlanDraft {
  plan: Record<string, unknown>;
  notes: Note[];
  header: string[];
  footer: string[];
  targets: number;
  /** Protected resources not written as targets, each with why. */
  skipped: { arn: string; why: string }[];
  /** Things a person should know before using the plan (copies leaving the residency policy). */
  warnings: string[];
}

export type DraftResult = { ok: true; draft: PlanDraft } | { ok: false; problems: string[] };

const DEFAULT_OBJECTIVES = { rtoMinutes: 60, rpoMinutes: 1440 };
/** A large account has hundreds of production subnets: the first ones show what the rule refuses. */
const REFUSED_SHOWN = 20;
const ID_MAX = 40;

const arnRegion = (arn: string) => arn.split(':')[3] ?? '';
const arnAccount = (arn: string) => arn.split(':')[4] ?? '';
const vaultName = (arn: string) => arn.split(':backup-vault:')[1] ?? arn;

/** A target id from the resource's name: lower-case, a-z0-9 and single "-", starting with a letter, unique. */
export function targetIdFor(resourceArn: string, type: string, taken: Set<string>): string {
  let slug = resourceNameOf(resourceArn)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (!/^[a-z]/.test(slug)) slug = `${type}-${slug}`.replace(/-+$/, '');
  slug = slug.slice(0, ID_MAX).replace(/-+$/, '');
  let id = slug;
  for (let n = 2; taken.has(id); n++) id = `${slug.slice(0, ID_MAX - String(n).length - 1).replace(/-+$/, '')}-${n}`;
  taken.add(id);
  return id;
}

/** "6 h old", "3 days old". */
export function ageOf(createdAt: string, now: Date): string {
  const hours = Math.max(0, (now.getTime() - Date.parse(createdAt)) / 3_600_000);
  return hours < 48 ? `${Math.round(hours)} h old` : `${Math.round(hours / 24)} days old`;
}

const when = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/** The most common value (first seen wins a tie): what `defaults:` holds. */
function mostCommon(values: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

interface Planned {
  resource: FoundResource;
  type: TargetType;
  id: string;
  sourceVault: string;
  drVault: string;
  role: string;
  notes: { before: string[]; drVault?: string; role?: string };
}

export function draftPlan(discovery: Discovery, input: InitInput): DraftResult {
  const { primary, dr, account } = discovery;
  const problems: string[] = [];
  const warnings: string[] = [];
  const skipped: PlanDraft['skipped'] = [];
  const network: NetworkChoice = chooseNetwork(discovery.network ?? { region: dr, subnets: [], routeTables: [], securityGroups: [], dbSubnetGroups: [] });
  const allowed = new Set(input.residency.allowedRegions);

  for (const region of [primary, dr]) {
    if (!allowed.has(region)) problems.push(`${region} is not in --allow-regions ${input.residency.allowedRegions.join(',')}: the plan's regions must be inside its residency policy`);
  }
  for (const arn of discovery.elsewhere) skipped.push({ arn, why: `it is in ${arnRegion(arn)}, not the primary region ${primary}` });

  const taken = new Set<string>();
  const planned: Planned[] = [];
  const needing = new Map<string, string[]>();
  const outside = new Map<string, string[]>();
  for (const resource of discovery.resources) {
    const { resourceArn } = resource;
    for (const d of resource.copyRule?.destinations ?? []) {
      if (allowed.has(arnRegion(d))) continue;
      const key = `${resource.copyRule!.plan} copies to ${d}, in ${arnRegion(d)}`;
      outside.set(key, [...(outside.get(key) ?? []), resourceArn]);
    }
    if (!resource.type) {
      const known = TARGET_TYPES.filter((t) => definitionOfType(t).backupResourceType === resource.backupType);
      skipped.push({
        arn: resourceArn,
        why: known.length
          ? `dr-drill drills AWS Backup resource type ${resource.backupType} as ${known.join(', ')}, but not a resource of this form (a Multi-AZ DB cluster, an FSx for Lustre or OpenZFS file system...)`
          : `AWS Backup resource type ${resource.backupType || 'unknown'} is not one dr-drill drills (it drills ${TARGET_TYPES.join(', ')})`,
      });
      continue;
    }
    if (!resource.sourceVault) {
      skipped.push({ arn: resourceArn, why: resource.noCopyRule ?? 'no completed backup of it in the primary region' });
      continue;
    }
    const definition = definitionOfType(resource.type);
    const restore = definition.init.restore(network.network);
    if ('cannot' in restore) {
      if (restore.missing === 'network') needing.set(restore.cannot, [...(needing.get(restore.cannot) ?? []), resourceArn]);
      else skipped.push({ arn: resourceArn, why: restore.cannot });
      continue;
    }
    const oneRegion = primary === dr;
    // A one-region plan restores each backup where it is, from its source vault (no copy), unless a rule copies it to
    // another vault of the region, which is then the restore vault (examples/uk-only-supplier.yml).
    const copied = (resource.copyRule?.destinations ?? []).filter((d) => arnRegion(d) === dr && arnAccount(d) === account && d !== resource.sourceVault);
    const drVaults = copied.length === 0 && oneRegion ? [resource.sourceVault] : copied;
    const notes: Planned['notes'] = { before: [] };
    const newest = resource.newest;
    const copyLine =
      copied.length === 0 && oneRegion
        ? `a one-region plan: the drill restores its newest backup where it is, in ${vaultName(resource.sourceVault)}, with no copy`
        : copyWords(resource, drVaults, discovery);
    notes.before.push(
      `AWS Backup resource type ${resource.backupType}` +
        (newest ? `; newest backup ${when(newest.createdAt)} (${ageOf(newest.createdAt, input.now)}) in ${vaultName(resource.sourceVault)}` : '') +
        (resource.otherVaults.length ? ` (also backed up in ${resource.otherVaults.join(', ')})` : ''),
      copyLine,
    );
    if (drVaults.length > 1) notes.drVault = `${CHOOSE} the backup plan copies it to ${drVaults.length} vaults in ${dr}: ${drVaults.map(vaultName).join(', ')}`;
    planned.push({
      resource,
      type: resource.type,
      id: targetIdFor(resourceArn, resource.type, taken),
      sourceVault: resource.sourceVault,
      drVault: drVaults[0] ?? '',
      role: newest?.iamRoleArn ?? '',
      notes,
    });
  }
  // Not the drill's doing, and not a reason to refuse: the person learns that the backups already leave the policy.
  for (const [copies, arns] of outside) warnings.push(`${copies}, outside the residency policy "${input.residency.policy}": the backups of ${arns.join(', ')}`);
  for (const [why, arns] of needing) {
    const refused = network.refused.length ? network.refused.slice(0, REFUSED_SHOWN).join('; ') + (network.refused.length > REFUSED_SHOWN ? `; and ${network.refused.length - REFUSED_SHOWN} more` : '') : 'nothing was found at all';
    problems.push(`${why}, so plan init cannot place ${arns.length} resource(s) (${arns.join(', ')}). Refused: ${refused}. Create one whose subnets have no route out of their VPC (no internet or NAT gateway), or restore them by hand`);
  }
  if (planned.length === 0 && problems.length === 0) {
    problems.push(
      `no protected resource of ${primary} that dr-drill can drill: ${discovery.resources.length + discovery.elsewhere.length} protected resource(s) found` +
        (skipped.length ? ` (${skipped.map((s) => `${s.arn}: ${s.why}`).join('; ')})` : ''),
    );
  }

  // A resource whose backup plan copies nowhere in the DR region is copied by the drill itself, into the DR vault the
  // others use, else one of the region's vaults.
  const usedDr = mostCommon(planned.map((p) => p.drVault).filter(Boolean));
  const fallbackDr = usedDr ?? discovery.drVaults.find((v) => arnAccount(v) === account);
  for (const p of planned.filter((p) => !p.drVault)) {
    if (!fallbackDr) {
      problems.push(`no backup vault in ${dr} to copy ${p.resource.resourceArn} into: create one (aws backup create-backup-vault --region ${dr}) and run plan init again`);
      continue;
    }
    p.drVault = fallbackDr;
    p.notes.drVault = usedDr
      ? `${CHOOSE} no rule copies it to ${dr}, so the drill copies it into the DR vault the other targets use`
      : `${CHOOSE} no rule copies it to ${dr}, so the drill copies it into a vault of ${dr}: ${discovery.drVaults.length > 1 ? `one of ${discovery.drVaults.map(vaultName).join(', ')}` : 'the only one there'}`;
  }
  const usedRole = mostCommon(planned.map((p) => p.role).filter(Boolean));
  for (const p of planned.filter((p) => !p.role)) {
    p.role = usedRole ?? `arn:aws:iam::${account}:role/service-role/AWSBackupDefaultServiceRole`;
    p.notes.role = `${CHOOSE} its backups name no role; ${usedRole ? "the role of the others' backups" : "AWS Backup's default role"} is written: it must be allowed to copy and restore it`;
  }
  if (problems.length > 0) return { ok: false, problems };

  return { ok: true, draft: assemble(planned, network, discovery, input, skipped, warnings) };
}

function copyWords(resource: FoundResource, drVaults: string[], discovery: Discovery): string {
  if (!resource.copyRule) return `${resource.noCopyRule ?? 'no backup plan is known'}: the drill copies its newest backup to the DR vault itself (recoveryPoint source: copy)`;
  if (drVaults.length === 0) {
    const where = resource.copyRule.destinations.length ? ` (it copies to ${resource.copyRule.destinations.join(', ')})` : '';
    return `${resource.copyRule.name} copies it to no vault in ${discovery.dr}${where}: the drill copies its newest backup itself (recoveryPoint source: copy)`;
  }
  const copy = discovery.drCopies.get(`${resource.resourceArn} ${vaultName(drVaults[0]!)}`);
  return (
    `${resource.copyRule.name} copies it to ${vaultName(drVaults[0]!)} in ${discovery.dr}; ` +
    (copy
      ? `newest copy there ${when(copy.createdAt)}: the drill restores that copy, as a regional outage would leave it`
      : 'no copy is there yet: the drill will fail until the copy rule has run (or set recoveryPoint source: copy)')
  );
}

function assemble(planned: Planned[], network: NetworkChoice, discovery: Discovery, input: InitInput, skipped: PlanDraft['skipped'], warnings: string[]): PlanDraft {
  const notes: Note[] = [];
  const defaults: Record<string, unknown> = {};
  const shared = {
    sourceVault: mostCommon(planned.map((p) => p.sourceVault)),
    drVault: mostCommon(planned.map((p) => p.drVault)),
    backupRoleArn: mostCommon(planned.map((p) => p.role)),
  };
  for (const [field, value] of Object.entries(shared)) if (value) defaults[field] = value;
  const count = (field: keyof typeof shared, value: (p: Planned) => string) => planned.filter((p) => value(p) === shared[field]).length;
  notes.push({ path: ['defaults', 'sourceVault'], after: `holds the newest backups of ${count('sourceVault', (p) => p.sourceVault)} of ${planned.length} targets` });
  notes.push({ path: ['defaults', 'drVault'], after: `where the drill restores from (${discovery.dr}): ${count('drVault', (p) => p.drVault)} of ${planned.length} targets` });
  notes.push({
    path: ['defaults', 'backupRoleArn'],
    after: `${CHOOSE} the role AWS Backup used for these backups; it must also be allowed to copy and restore them (least privilege: resources/backup-restore-role.yml)`,
  });

  const restoreDefaults: Record<string, unknown> = {};
  for (const type of [...new Set(planned.map((p) => p.type))]) {
    const definition = definitionOfType(type);
    const restore = definition.init.restore(network.network);
    if ('cannot' in restore || !restore.restore) continue;
    restoreDefaults[type] = restore.restore;
    for (const [field, choice] of Object.entries(restore.choices)) {
      notes.push({ path: ['defaults', 'restore', type, field], after: `${CHOOSE} ${choiceWords(choice, definition.init.needs, network)}` });
    }
  }
  if (Object.keys(restoreDefaults).length > 0) defaults.restore = restoreDefaults;

  const targets = planned.map((p, index) => {
    const target: Record<string, unknown> = { id: p.id, type: p.type, resourceArn: p.resource.resourceArn };
    if (p.sourceVault !== shared.sourceVault) target.sourceVault = p.sourceVault;
    if (p.drVault !== shared.drVault) target.drVault = p.drVault;
    if (p.role !== shared.backupRoleArn) target.backupRoleArn = p.role;
    notes.push({ path: ['targets', index], before: p.notes.before.join('\n'), after: `${CHOOSE} add data checks: ${definitionOfType(p.type).init.checks}` });
    if (p.notes.drVault) notes.push(p.drVault !== shared.drVault ? { path: ['targets', index, 'drVault'], after: p.notes.drVault } : { path: ['targets', index, 'id'], after: p.notes.drVault });
    if (p.notes.role) notes.push(p.role !== shared.backupRoleArn ? { path: ['targets', index, 'backupRoleArn'], after: p.notes.role } : { path: ['targets', index, 'id'], after: p.notes.role });
    return target;
  });

  const objectives = { ...DEFAULT_OBJECTIVES, ...input.objectives };
  const plan: Record<string, unknown> = {
    name: input.name ?? 'dr-drill-plan',
    description: `Restore drill of the resources AWS Backup protects in ${discovery.primary}, into ${discovery.dr}. Written by dr-drill plan init.`,
    residency: { policy: input.residency.policy, allowedRegions: input.residency.allowedRegions },
    regions: { primary: discovery.primary, dr: discovery.dr },
    objectives,
    defaults,
    targets,
  };
  if (!input.name) notes.push({ path: ['name'], after: `${CHOOSE} the plan's name, in execution and report names (a-z, 0-9, "-")` });
  notes.push({ path: ['residency'], before: 'Given on the command line (--residency-policy, --allow-regions): plan init never guesses it. Every region and ARN below is checked against it.' });
  notes.push({ path: ['regions', 'primary'], after: 'where the protected resources and their source vaults are' });
  notes.push({ path: ['regions', 'dr'], after: 'where the drill restores; deploy dr-drill here' });
  const objectivesGiven = input.objectives?.rtoMinutes !== undefined && input.objectives?.rpoMinutes !== undefined;
  notes.push({
    path: ['objectives'],
    before: `${objectivesGiven ? '' : `${CHOOSE} `}what every target must meet: rtoMinutes from the start of the restore to data validated, rpoMinutes the oldest the newest backup may be${objectivesGiven ? ' (given on the command line)' : ' (the defaults: set yours with --rto-minutes, --rpo-minutes)'}`,
  });
  notes.push({ path: ['defaults'], before: 'What the targets share; a target that sets a field itself overrides it.' });
  notes.push({ path: ['targets'], before: 'One target per protected resource of the primary region that dr-drill can drill.' });

  const header = [
    ...(input.schemaPath ? [`yaml-language-server: $schema=${input.schemaPath}`, ''] : []),
    `Written by \`dr-drill plan init\` at ${input.now.toISOString().slice(0, 19)}Z from ${input.source}, with reads only.`,
    `Lines marked "${CHOOSE}" are choices plan init made that a person must confirm or change: search for ${CHOOSE}`,
    '',
    'Next: dr-drill plan check <this file>; rehearse it on the simulation: dr-drill run --local --plan <this file>;',
    'then, with the stack deployed, a dry run against the account: dr-drill start --stage <stage> --dry-run',
  ];
  if (network.refused.length > 0) {
    header.push('', `Networks of ${discovery.dr} that are not isolated (not used):`, ...network.refused.slice(0, REFUSED_SHOWN).map((r) => `  ${r}`));
    if (network.refused.length > REFUSED_SHOWN) header.push(`  and ${network.refused.length - REFUSED_SHOWN} more`);
  }
  if (warnings.length > 0) header.push('', 'WARNING:', ...warnings.map((w) => `  ${w}`));
  const footer = skipped.length
    ? [
        `Not written: ${skipped.length} protected resource(s) plan init could not turn into a target; add them by hand if they must be drilled:`,
        ...skipped.map((s) => `  ${s.arn}: ${s.why}`),
      ]
    : [];
  return { plan, notes, header, footer, targets: planned.length, skipped, warnings };
}

function choiceWords(choice: InitChoice, needs: string, network: NetworkChoice): string {
  if (typeof choice === 'object') return choice.note;
  if (choice === 'security-groups') return network.why[`security-groups:${needs}`] ?? 'security groups of the chosen network';
  return network.why[choice] ?? choice;
}
