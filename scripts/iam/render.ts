// Renders the resource types' IAM (lib/resource-types/targets/iam-registry.ts) as the YAML files serverless.yml and
// iam/*.yml include: one file per role part (a `statements` list, spliced into a role's statements by
// plugins/splice-iam-statements.cjs) and the recovery points' ARNs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { IAM_BY_TYPE } from '../../lib/resource-types/targets/iam-registry';
import { ROLE_PARTS, type IamCondition, type IamResource, type IamStatement, type RolePart, type TypeIam } from '../../lib/resource-types/targets/iam-statements';

export const GENERATED_DIR = 'iam/generated';

const kebab = (s: string): string => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
export const partFile = (part: RolePart): string => `${GENERATED_DIR}/${kebab(part)}.yml`;

const union = <T>(a: readonly T[], b: readonly T[]): T[] => [...a, ...b.filter((x) => !a.some((y) => isDeepStrictEqual(x, y)))];

/** A part's statements over all types: one statement per sid, its actions and resources joined in type order. */
export function partStatements(part: RolePart | 'backupRestoreRole', byType: Record<string, TypeIam> = IAM_BY_TYPE): IamStatement[] {
  const bySid = new Map<string, IamStatement>();
  for (const [type, iam] of Object.entries(byType)) {
    for (const s of (part === 'backupRestoreRole' ? iam.backupRestoreRole?.statements : iam.parts[part]) ?? []) {
      const seen = bySid.get(s.sid);
      if (!seen) {
        bySid.set(s.sid, s);
        continue;
      }
      if (!isDeepStrictEqual(seen.condition, s.condition)) throw new Error(`${part} ${s.sid}: ${type} gives another condition than the types before it`);
      if (typeof seen.resources === 'string' || typeof s.resources === 'string') {
        if (!isDeepStrictEqual(seen.resources, s.resources)) throw new Error(`${part} ${s.sid}: ${type} joins a variable Resource`);
      }
      bySid.set(s.sid, {
        ...seen,
        ...(seen.why || s.why ? { why: seen.why ?? s.why } : {}),
        actions: union(seen.actions, s.actions),
        resources: typeof seen.resources === 'string' ? seen.resources : union(seen.resources, s.resources as readonly IamResource[]),
      });
    }
  }
  return [...bySid.values()];
}

const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const resource = (r: IamResource): string => (typeof r === 'string' ? quote(r) : `{ 'Fn::Sub': ${quote(r['Fn::Sub'])} }`);
const comment = (text: string, indent: string): string[] => {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && indent.length + 2 + line.length + 1 + word.length > 118) {
      lines.push(`${indent}# ${line}`);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(`${indent}# ${line}`);
  return lines;
};

function statementYaml(s: IamStatement): string[] {
  const out = [...(s.why ? comment(s.why, '  ') : []), `  - Sid: ${s.sid}`, '    Effect: Allow', `    Action: [${s.actions.join(', ')}]`];
  if (typeof s.resources === 'string') out.push(`    Resource: ${quote(s.resources)}`);
  else out.push('    Resource:', ...s.resources.map((r) => `      - ${resource(r)}`));
  if (typeof s.condition === 'string') out.push(`    Condition: ${s.condition}`);
  else if (s.condition) throw new Error(`${s.sid}: a role part of the stack names its condition through custom (serverless.yml)`);
  return out;
}

// ----- The example AWS Backup role (resources/backup-restore-role.yml): a standalone template, so the types'
// statements are written into it between its `# BEGIN generated: <block>` and `# END generated: <block>` lines.
export const BACKUP_ROLE_TEMPLATE = 'resources/backup-restore-role.yml';

const plain = (s: string): string => (/^[A-Za-z0-9_.*-]+$/.test(s) ? s : quote(s));
const flow = (v: IamCondition | Readonly<Record<string, string | readonly string[]>> | string | readonly string[]): string =>
  typeof v === 'string'
    ? plain(v)
    : Array.isArray(v)
      ? `[${(v as readonly string[]).map(plain).join(', ')}]`
      : `{ ${Object.entries(v).map(([k, x]) => `${plain(k)}: ${flow(x as string)}`).join(', ')} }`;
const templateResource = (r: IamResource): string => (typeof r === 'string' ? quote(r) : `!Sub ${quote(r['Fn::Sub'])}`);

function templateStatement(s: IamStatement, indent: string): string[] {
  const out = [...(s.why ? comment(s.why, indent) : []), `${indent}- Sid: ${s.sid}`, `${indent}  Effect: Allow`, `${indent}  Action: [${s.actions.join(', ')}]`];
  if (typeof s.resources === 'string') throw new Error(`${s.sid}: the example role names its resources`);
  out.push(`${indent}  Resource:`, ...s.resources.map((r) => `${indent}    - ${templateResource(r)}`));
  if (typeof s.condition === 'string') throw new Error(`${s.sid}: the example role has no serverless.yml variables`);
  if (s.condition) out.push(`${indent}  Condition: ${flow(s.condition)}`);
  return out;
}

/** The blocks of the example role the types write, by name: each line list, without indentation. */
function backupRoleBlocks(byType: Record<string, TypeIam>): Record<string, (indent: string) => string[]> {
  const via = Object.values(byType).reduce<string[]>((all, t) => union(all, t.backupRestoreRole?.kmsViaServices ?? []), []);
  return {
    statements: (indent) => partStatements('backupRestoreRole', byType).flatMap((s) => templateStatement(s, indent)),
    'kms-via-services': (indent) => via.map((v) => `${indent}- !Sub ${quote(v)}`),
  };
}

/** The example role's text with its generated blocks written from the types. */
export function renderBackupRole(current: string, byType: Record<string, TypeIam> = IAM_BY_TYPE): string {
  let text = current;
  for (const [name, lines] of Object.entries(backupRoleBlocks(byType))) {
    const block = new RegExp(`^( *)(# BEGIN generated: ${name}\\b[^\\n]*\\n)[\\s\\S]*?^ *# END generated: ${name}$`, 'm');
    if (!block.test(text)) throw new Error(`${BACKUP_ROLE_TEMPLATE} has no block "# BEGIN generated: ${name}" ... "# END generated: ${name}"`);
    text = text.replace(block, (_all, indent: string, begin: string) => [`${indent}${begin}${lines(indent).join('\n')}`, `${indent}# END generated: ${name}`].join('\n'));
  }
  return text;
}

const HEADER = [
  '# GENERATED by scripts/generate-iam.ts (npm run iam) from lib/resource-types/targets/<type>/iam.ts: do not edit,',
  '# change the types and run it again (tests/unit/iam-generated.test.ts fails while this file differs).',
];

/** Each generated file's path and text. */
export function generatedFiles(root: string, byType: Record<string, TypeIam> = IAM_BY_TYPE): { path: string; text: string }[] {
  const files = ROLE_PARTS.map((part) => {
    const statements = partStatements(part, byType);
    const body = statements.length ? ['statements:', ...statements.flatMap(statementYaml)] : ['statements: []'];
    return { path: partFile(part), text: [...HEADER, `# Role part ${part}: included as \`- \${file(./${partFile(part)}):statements}\`.`, ...body, ''].join('\n') };
  });
  const list = (key: 'source' | 'copied') =>
    Object.values(byType)
      .reduce<IamResource[]>((all, t) => union(all, [t.recoveryPoints[key]]), [])
      .map((r) => `  - ${resource(r)}`);
  files.push({
    path: `${GENERATED_DIR}/recovery-points.yml`,
    text: [
      ...HEADER,
      "# The ARNs IAM authorizes AWS Backup's recovery-point actions against, for every type (custom.sourceRecoveryPoints,",
      '# custom.copiedRecoveryPoints in serverless.yml).',
      'source:',
      ...list('source'),
      'copied:',
      ...list('copied'),
      '',
    ].join('\n'),
  });
  files.push({ path: BACKUP_ROLE_TEMPLATE, text: renderBackupRole(readFileSync(join(root, BACKUP_ROLE_TEMPLATE), 'utf8'), byType) });
  return files;
}
