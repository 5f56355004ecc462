// Scenario: an Aurora PostgreSQL target whose SQL checks run through the RDS Data API (validation.dataApi: true), on
// the REAL definitions. A restored cluster has no HTTP endpoint, and the simulated Data API refuses a cluster
// without one (HttpEndpointNotEnabledException), so the checks can only run once the drill has enabled it.
import { runLocalDrill, type LocalDrillResult } from '../../local/run-drill';
import { nhsPlanWithDataApi } from './example-plans';

jest.setTimeout(60_000);

type Ran = Extract<LocalDrillResult, { refused: false }>;

describe('restore drill: SQL checks through the RDS Data API', () => {
  it('enables the HTTP endpoint on the restored cluster before the checks, which then run through the Data API and pass', async () => {
    const result = await runLocalDrill({ plan: nhsPlanWithDataApi(), only: ['patients-db'] });
    if (result.refused) throw new Error(`plan refused: ${JSON.stringify(result.problems)}`);
    const r: Ran = result;

    const target = r.report?.targets.find((t) => t.targetId === 'patients-db');
    expect(target?.checks.every((c) => c.passed)).toBe(true);
    expect(target?.checks.slice(-4).map((c) => [c.name, c.passed])).toEqual([
      ['patients restored', true],
      ['appointments restored', true],
      ['no orphaned appointments', true],
      ['newest patient update', true],
    ]);
    expect(target?.verdict).toBe('PASSED');

    const enable = r.account.calls.filter((c) => c.action === 'EnableHttpEndpoint');
    expect(enable.map((c) => [c.region, c.ok, (c.input as { ResourceArn: string }).ResourceArn])).toEqual([['eu-west-2', true, target!.restoredResourceArn]]);
    const dataApi = r.account.calls.filter((c) => c.service === 'rdsdata');
    expect(dataApi.length).toBeGreaterThan(0);
    expect(dataApi.filter((c) => !c.ok)).toEqual([]);
    expect(dataApi[0]!.seq).toBeGreaterThan(enable[0]!.seq);
    expect(r.account.leftovers()).toEqual([]);
  });
});
