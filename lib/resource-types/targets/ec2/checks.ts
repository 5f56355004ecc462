// EC2: the restored instance is running with a private IP and, unless the plan turns them off, passes its status
// checks; the data check is an HTTP health URL on that private IP.
import { DescribeInstanceStatusCommand, DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2'
import { HEALTH_CHECK_NAME, httpHealthCheck, type HttpHealth } from '../../../checks/http-health';
import type { CheckResult } from '../../../drill/contracts';
import { EC2_INSTANCE } from '../../ec2-instance';
import { check, equalsCheck, idFromArn, NO_DATA_CHECKS, orMissing, presentCheck } from '../check-helpers';
import { subnetChecks } from '../network-checks';
import type { DataCheckInput, TargetChecks, TargetOf } from '../target-checks';

// The validator runs outside the subnet AWS Backup picks for a restore test, so it has no route to the instance.
const HEALTH_NOT_RUN = 'readiness only: the HTTP health check is not run for restore tests';

export const EC2_CHECKS: TargetChecks<TargetOf<'ec2'>> = {
  clients: { ec2: EC2Client },
  async readiness({ target, restoredResourceArn, region, clients }) {
    const ec2 = clients.get('ec2', region);
    const id = idFromArn(restoredResourceArn);
    const instance = (await orMissing(ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }))))?.Reservations?.[0]?.Instances?.[0];
    const checks = [
      equalsCheck('instance running', instance?.State?.Name, EC2_INSTANCE.readyState, 'restored instance'),
      presentCheck('private IP address', instance?.PrivateIpAddress, 'private IP address of the restored instance'),
    ];
    if (target.validation?.statusChecks === false) return checks;
    // IncludeAllInstances: without it an instance that is not running is simply absent from the answer.
    const status = (await orMissing(ec2.send(new DescribeInstanceStatusCommand({ InstanceIds: [id], IncludeAllInstances: true }))))
      ?.InstanceStatuses?.[0];
    return [
      ...checks,
      equalsCheck('instance status check', status?.InstanceStatus?.Status, 'ok', 'instance status check'),
      equalsCheck('system status check', status?.SystemStatus?.Status, 'ok', 'system status check'),
    ];
  },
  async dataChecks(input) {
    // Where nothing can reach the instance (the local simulation) the health URL is left out rather than shown
    // as a check: a check that did not run must neither pass nor fail a drill.
    const health = input.target.validation?.health;
    if (!health || input.httpHealthNotRun) return NO_DATA_CHECKS;
    return { checks: [await instanceHealthCheck(input, health)], dataAgeSeconds: null };
  },
  dryRunChecks: (reads, drill, target) => subnetChecks(reads, drill, target.restore),
  async restoreTestingChecks(input) {
    return { checks: await EC2_CHECKS.readiness(input), notChecked: input.target.validation?.health ? HEALTH_NOT_RUN : null };
  },
};

async function instanceHealthCheck(input: DataCheckInput, health: HttpHealth): Promise<CheckResult> {
  const { clients, region, restoredResourceArn } = input;
  const expected = `HTTP ${health.expectStatus}`;
  const id = idFromArn(restoredResourceArn);
  const instance = (await orMissing(clients.get('ec2', region).send(new DescribeInstancesCommand({ InstanceIds: [id] }))))?.Reservations?.[0]
    ?.Instances?.[0];
  const host = instance?.PrivateIpAddress;
  if (!host) return check(HEALTH_CHECK_NAME, false, null, expected, `not run: instance ${id} has no private IP address`);
  return httpHealthCheck(host, health);
}
