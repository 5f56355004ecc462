// Route 53 Application Recovery Controller, data plane (route53recoverycluster): routing control states, read and
// set. ARC answers only at its cluster endpoints, so a call must come through one the plan names (a client built
// without one would go to route53-recovery-cluster.<region>.amazonaws.com, which does not exist) and be signed for
// that endpoint's region. DNS follows the controls at once (failover-world.ts dnsAnswer), unless dns-not-updated.
import { str, type Handler, type SimContext } from './context';
import { SimAwsError, invalid, notFound } from './errors';
import type { RoutingControl } from './failover-world';

const SERVICE = 'route53recoverycluster';

const unreachable = (host: string): SimAwsError => new SimAwsError(SERVICE, 'UnknownEndpoint', `getaddrinfo ENOTFOUND ${host}`, { httpStatus: 0 });

const normalEndpoint = (url: string): string => url.toLowerCase().replace(/\/+$/, '');

function checkEndpoint(ctx: SimContext): void {
  if (!ctx.endpoint) throw unreachable(`route53-recovery-cluster.${ctx.region.name}.amazonaws.com`);
  const wanted = normalEndpoint(ctx.endpoint);
  const known = (ctx.world.failover?.sites ?? []).flatMap((s) => s.routing?.endpoints ?? []).find((e) => normalEndpoint(e.endpoint) === wanted);
  if (!known) throw unreachable(new URL(ctx.endpoint).hostname);
  if (known.region !== ctx.region.name) {
    throw new SimAwsError(SERVICE, 'InvalidSignatureException', `Credential should be scoped to a valid region, not '${ctx.region.name}'. (endpoint ${known.endpoint} is in ${known.region})`, {
      httpStatus: 403,
    });
  }
}

function controlOf(ctx: SimContext, arn: string | undefined): RoutingControl {
  checkEndpoint(ctx);
  const control = arn ? ctx.world.failover?.controls.get(arn) : undefined;
  if (!control) throw notFound(SERVICE, 'ResourceNotFoundException', `Routing control ${arn ?? ''} does not exist.`);
  ctx.attribute(control.targetId);
  return control;
}

function stateOf(value: string | undefined): 'On' | 'Off' {
  if (value === 'On' || value === 'Off') return value;
  throw invalid(SERVICE, 'ValidationException', `1 validation error detected: Value '${value ?? ''}' at 'routingControlState' failed to satisfy constraint: Member must satisfy enum value set: [On, Off]`);
}

const getRoutingControlState: Handler = (ctx, input) => {
  const control = controlOf(ctx, str(input.RoutingControlArn));
  return { RoutingControlArn: control.arn, RoutingControlState: control.state, RoutingControlName: control.name };
};

const updateRoutingControlState: Handler = (ctx, input) => {
  const control = controlOf(ctx, str(input.RoutingControlArn));
  control.state = stateOf(str(input.RoutingControlState));
  return {};
};

const updateRoutingControlStates: Handler = (ctx, input) => {
  checkEndpoint(ctx);
  const entries = (input.UpdateRoutingControlStateEntries as Array<{ RoutingControlArn?: string; RoutingControlState?: string }>) ?? [];
  // All or nothing: every entry is checked before any control changes, as ARC applies them in one transaction.
  const changes = entries.map((e) => ({ control: controlOf(ctx, e.RoutingControlArn), state: stateOf(e.RoutingControlState) }));
  for (const { control, state } of changes) control.state = state;
  return {};
};

export const arcHandlers: Record<string, Handler> = {
  GetRoutingControlState: getRoutingControlState,
  UpdateRoutingControlState: updateRoutingControlState,
  UpdateRoutingControlStates: updateRoutingControlStates,
};
