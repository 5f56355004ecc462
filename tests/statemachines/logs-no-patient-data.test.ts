// The logs of whole local drills, every function logging at DEBUG, searched for the synthetic patient data the
// simulated databases hold: names, NHS-number-shaped ids, clinics. Check results travel as counts and ages; nothing
// read from restored data may reach a log line, an error message included (a failed drill is searched too).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { PROJECT_ROOT, runLocalDrill } from '../../local/run-drill';

jest.setTimeout(120_000);

const planText = readFileSync(join(PROJECT_ROOT, 'examples', 'nhs-patient-platform.yml'), 'utf8');
/** Values only the restored data holds (local/sim/databases.ts seeds them); the plan names none of them. */
const PATIENT_DATA = [/Patient \d{4}/, /Test (Cardiology|Dermatology|Diabetes|Fracture|Maternity|Respiratory)/, /TEST-999-\d{3}-\d{4}/g];
/** NHS-number-shaped ids the plan itself names (S3 manifest keys): resource names, not data read from a restore. */
const NAMED_BY_PLAN = new Set(planText.match(/TEST-999-\d{3}-\d{4}/g) ?? []);

/** The example plan with a check that reads a patient's name from the restored database. */
function planReadingAName(): unknown {
  const plan = parse(planText) as { targets: { id: string; validation?: { sql?: unknown[] } }[] };
  plan.targets.find((t) => t.id === 'patients-db')?.validation?.sql?.push({ name: 'first patient', query: 'SELECT family_name FROM patients ORDER BY id LIMIT 1', expect: 'equals nobody' });
  return plan;
}

async function logsOf(faults: string[], plan: unknown = parse(planText)): Promise<string> {
  const lines: string[] = [];
  const capture = (chunk: unknown) => {
    lines.push(String(chunk));
    return true;
  };
  const out = jest.spyOn(process.stdout, 'write').mockImplementation(capture);
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(capture);
  try {
    const result = await runLocalDrill({ plan, faults, logLevel: 'DEBUG', approvedBy: 'log-test' });
    if (result.refused) throw new Error('the example plan must run');
    reports.push(JSON.stringify(result.report));
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return lines.join('');
}

const reports: string[] = [];

function patientValues(logs: string): string[] {
  return PATIENT_DATA.flatMap((pattern) => [...logs.matchAll(new RegExp(pattern.source, 'g'))].map((m) => m[0])).filter((v) => !NAMED_BY_PLAN.has(v));
}

describe('what the functions log during a drill', () => {
  it('logs structured lines with the drill id, and no patient data, in a passing drill', async () => {
    const logs = await logsOf([]);

    // The search is only worth something if the functions did log.
    const json = logs.split('\n').filter((l) => l.startsWith('{"level"'));
    expect(json.length).toBeGreaterThan(20);
    expect(json.some((l) => /"drillId":"d[0-9a-f]{8}"/.test(l))).toBe(true);
    expect(patientValues(logs)).toEqual([]);
  });

  it('logs no patient data when a check reads some, the restored data fails its checks and errors are logged', async () => {
    const logs = await logsOf(['validation-failed', 'canary-missing'], planReadingAName());

    expect(logs).toMatch(/"level":"INFO"/);
    // The check did read a patient's name; its result says only that it was text...
    expect(reports.at(-1)).toContain('"name":"first patient","passed":false,"value":"(text)"');
    // ...and no log line carries the name either.
    expect(patientValues(logs)).toEqual([]);
  });
});
