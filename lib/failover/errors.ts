// Errors the failover Lambdas throw into Step Functions. Each has a literal `name` that the failover state machine's
// Catch blocks match; none of them is retried (only TransientAwsError from lib/errors.ts is).

/** The canary marker could not be written in the primary: the switch must not start without it. */
export class CanaryWriteError extends Error {
  override readonly name = 'CanaryWriteError';
}

/** The canary could not be read in the cluster that is now primary: data loss cannot be proven either way. */
export class CanaryReadError extends Error {
  override readonly name = 'CanaryReadError';
}

/** No ARC cluster endpoint in an allowed region accepted the routing control update. */
export class RoutingControlError extends Error {
  override readonly name = 'RoutingControlError';
}

/**
 * A target reads its DNS record from inside the VPC (dns.measureFrom: vpc) but this function was given no resolver
 * there: the stack's observer functions are not attached to a VPC (dnsObserverVpc in config/<stage>.yml).
 */
export class DnsObserverNotInVpcError extends Error {
  override readonly name = 'DnsObserverNotInVpcError';
}
