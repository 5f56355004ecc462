// Residency is enforced three times: Check Plan refuses the plan, the Lambdas refuse a client outside it, and every
// role's IAM Deny refuses the request. The first and the last must agree on the deployment's regions, or a plan
// Check Plan lets through would be denied half-way through a drill.
import { loadPackagedTemplate, type PackagedTemplate } from './packaged-template';

let template: PackagedTemplate;
beforeAll(() => {
  template = loadPackagedTemplate();
}, 180_000);

type Statement = { Effect: string; Condition?: Record<string, Record<string, unknown>> };
const regionDenies = (role: PackagedTemplate['Resources'][string]) =>
  ((role.Properties.Policies ?? []) as { PolicyDocument: { Statement: Statement[] } }[])
    .flatMap((p) => p.PolicyDocument.Statement)
    .filter((s) => s.Effect === 'Deny' && s.Condition?.StringNotEquals?.['aws:RequestedRegion'] !== undefined);

describe("the packaged CloudFormation: the deployment's regions", () => {
  it("gives Check Plan the same regions as every role's region Deny", () => {
    const env = (template.Resources.PreflightLambdaFunction!.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    const [separator, checkPlanRegions] = (env.ALLOWED_REGIONS as { 'Fn::Join': [string, string[]] })['Fn::Join'];
    expect(separator).toBe(',');
    // The deployed plan's policy (deployed/plan.yml) when config/dev.yml names none.
    expect(checkPlanRegions).toEqual(['eu-west-1', 'eu-west-2']);

    const roles = Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::IAM::Role');
    expect(roles.length).toBeGreaterThan(10);
    for (const [id, role] of roles) {
      const denied = regionDenies(role).map((s) => s.Condition!.StringNotEquals!['aws:RequestedRegion']);
      expect({ id, denied }).toEqual({ id, denied: [checkPlanRegions] });
    }
  });
});
