// Routes the AWS SDK clients that the real Lambda code builds to the simulated account: a middleware at the
// front of every client's stack answers each command from the simulation, in the SDK's own shapes. A client built
// with an endpoint (ARC cluster endpoints) passes it on, so the simulation can refuse endpoints the plan never named.
import type { ClientDecorator } from '../../lib/aws/clients';
import { fromCanonicalOutput, toCanonicalInput } from '../sim/sdk-shapes';
import { SimAwsError } from '../sim/errors';
import type { SimAccount } from '../sim/account';
import type { SimClock } from '../sim/clock';
import type { Caller } from '../iam/authorizer';

type Json = Parameters<typeof toCanonicalInput>[2];
type SimMiddleware = (
  next: unknown,
  context: { commandName?: string },
) => (args: { input: unknown }) => Promise<{ output: object; response: object }>;

/**
 * An SDK-style error: the name the JavaScript SDK would give, with its retry and HTTP metadata. A request that never
 * reached a server (httpStatus 0: an endpoint that does not resolve) has no HTTP status, and the network's code.
 */
export function toSdkError(error: SimAwsError): Error {
  const sdkError = new Error(error.message) as Error & { $retryable?: object; $metadata: object; $fault: string; code?: string };
  sdkError.name = error.sdkName;
  sdkError.$metadata = error.httpStatus === 0 ? {} : { httpStatusCode: error.httpStatus };
  const networkCode = error.httpStatus === 0 ? /\b(E[A-Z]+)\b/.exec(error.message)?.[1] : undefined;
  if (networkCode) sdkError.code = networkCode;
  sdkError.$fault = error.httpStatus >= 500 ? 'server' : 'client';
  if (error.retryable) sdkError.$retryable = { throttling: true };
  return sdkError;
}

/**
 * Routes a function's clients to the simulation, each call signed as `caller` (the function's role) when given. A
 * client built with credentials STS handed out (AwsClients.signedWith) is signed as the role of that session instead,
 * looked up at each call as AWS does: once the session has expired its calls are refused.
 */
export function simulatedClients(account: SimAccount, clock: SimClock): (...args: [...Parameters<ClientDecorator>, caller?: Caller]) => void {
  return (client, service, region, endpoint, credentials, functionCaller) => {
    const signer = (): Caller | undefined => {
      if (!credentials) return functionCaller;
      const session = account.callerOfSession(credentials.accessKeyId);
      // STS's answer to credentials it no longer honours (the SDK's ExpiredToken error).
      if (!session) throw new SimAwsError(service, 'ExpiredToken', `The security token included in the request is expired (${credentials.accessKeyId})`, { httpStatus: 403 });
      return session;
    };
    const stack = client.middlewareStack as unknown as { add(middleware: SimMiddleware, options: object): void };
    stack.add(
      (_next, context) => async (args) => {
        const command = context.commandName;
        if (!command) throw new Error('dr-drill local: the SDK did not name the command it sent');
        const action = command.replace(/Command$/, '');
        const input = toCanonicalInput(service, action, args.input as Json, 'sdk');
        try {
          const caller = signer();
          const output = await clock.track(account.call(region, service, action, input as Record<string, unknown>, { endpoint, caller }));
          const shaped = fromCanonicalOutput(service, action, output as Json, 'sdk') as Record<string, unknown>;
          // The SDK hands a streaming body back as a stream with transformToString(); the simulation holds text.
          if (typeof shaped.Body === 'string') {
            const text = shaped.Body;
            shaped.Body = { transformToString: async () => text };
          }
          return { output: { ...shaped, $metadata: {} }, response: {} };
        } catch (error) {
          throw error instanceof SimAwsError ? toSdkError(error) : error;
        }
      },
      { step: 'initialize', name: 'drDrillSimulation', priority: 'high', override: true },
    );
  };
}
