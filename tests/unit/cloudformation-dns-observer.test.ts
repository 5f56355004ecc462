// The failover observers (and the dry run, which reads what Failover Preflight reads) join a VPC only when the stage's config names one (dnsObserverVpc): then they can read a
// private hosted zone's record through the VPC's Route 53 Resolver, and their roles may manage the network interfaces
// Lambda needs there. Without it they run outside any VPC and say so to the code (DNS_OBSERVER_VPC empty), so that
// Failover Preflight refuses a target measured from the VPC.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadPackagedTemplate, PROJECT_ROOT, type PackagedTemplate } from './packaged-template';
import { packageInCopy } from '../../local/stack/package-copy';

jest.setTimeout(240_000);

const OBSERVERS = ['FailoverPreflight', 'ObserveFailover', 'DryRun'];
const VPC_ACCESS = ':iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole';

const managedPolicies = (t: PackagedTemplate, fn: string): string[] =>
  ((t.Resources[`${fn}IamRoleLambdaExecution`]!.Properties.ManagedPolicyArns as unknown[]) ?? []).map((arn) => JSON.stringify(arn));
const lambda = (t: PackagedTemplate, fn: string) => t.Resources[`${fn}LambdaFunction`]!.Properties as { VpcConfig?: unknown; Environment: { Variables: Record<string, unknown> } };

describe('the failover observers and the VPC', () => {
  it('run outside any VPC when the stage names no dnsObserverVpc, and tell the code so', () => {
    const template = loadPackagedTemplate();

    for (const fn of OBSERVERS) {
      expect(lambda(template, fn).VpcConfig).toBeUndefined();
      expect(lambda(template, fn).Environment.Variables.DNS_OBSERVER_VPC).toBe('');
      expect(managedPolicies(template, fn).filter((arn) => arn.includes(VPC_ACCESS))).toEqual([]);
    }
  });

  describe('with config/example.yml, which names one', () => {
    let template: PackagedTemplate;
    beforeAll(() => {
      // In a copy of the project: packaging here would clear .serverless/ under every other test reading it.
      template = packageInCopy({ stage: 'example', region: 'eu-west-2' });
    });

    it('join its subnets with its security groups, may manage Lambda\'s network interfaces there, and tell the code', () => {
      const config = parse(readFileSync(join(PROJECT_ROOT, 'config', 'example.yml'), 'utf8')) as { dnsObserverVpc: { subnetIds: string[]; securityGroupIds: string[] } };

      for (const fn of OBSERVERS) {
        expect(lambda(template, fn).VpcConfig).toEqual({ SubnetIds: config.dnsObserverVpc.subnetIds, SecurityGroupIds: config.dnsObserverVpc.securityGroupIds });
        expect(lambda(template, fn).Environment.Variables.DNS_OBSERVER_VPC).toBe(config.dnsObserverVpc.subnetIds[0]);
        // AWSLambdaVPCAccessExecutionRole (AWS Managed Policy reference, v3): ec2:CreateNetworkInterface,
        // DescribeNetworkInterfaces, DescribeSubnets, DeleteNetworkInterface, Assign/UnassignPrivateIpAddresses on "*"
        // (DescribeNetworkInterfaces works only on "*"), the permissions Lambda uses to attach the function to the VPC.
        expect(managedPolicies(template, fn).filter((arn) => arn.includes(VPC_ACCESS))).toHaveLength(1);
      }
    });
  });
});
