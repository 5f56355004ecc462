// The one way a use case becomes a Lambda handler: middy with the Powertools logger. The event is never logged:
// payloads can carry resource names and check results, and logs must stay free of anything from patient data.
import middy from '@middy/core';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import { lambdaRuntime, type LambdaRuntime } from './deps';

export const logger = new Logger({ serviceName: 'dr-drill' });

export type LocalLogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
let pinnedLevel: LocalLogLevel | undefined;

/**
 * Local runs and tests choose the functions' log level for every invocation. logger.setLogLevel alone holds for one
 * invocation: on each warm invocation Powertools' middleware sets the level back to the one the logger was built
 * with (its debug-sampling refresh). Never called in Lambda, where POWERTOOLS_LOG_LEVEL decides.
 */
export function pinLogLevel(level: LocalLogLevel): void {
  pinnedLevel = level;
  logger.setLogLevel(level);
}

export function wrap<I, O>(useCase: (event: I) => Promise<O>) {
  const lambdaContext = injectLambdaContext(logger, { clearState: true, logEvent: false });
  return middy<I, O, Error, Context>()
    .use({
      ...lambdaContext,
      // The pinned level is set again right after the middleware's refresh, in the same synchronous turn: middy awaits
      // between two middlewares, and in that gap another invocation running at the same time (a local Map of 40
      // targets; the level is one for the whole process) logged its 'finished' line at INFO.
      before: (request) => {
        const refreshed = lambdaContext.before?.(request);
        if (pinnedLevel) logger.setLogLevel(pinnedLevel);
        return refreshed;
      },
    })
    .handler(async (event: I) => {
      // Every line of the invocation names its drill (and target), so one drill's logs can be pulled together.
      logger.appendKeys(drillKeysOf(event));
      const started = Date.now();
      try {
        const result = await useCase(event);
        logger.info('finished', { ms: Date.now() - started });
        return result;
      } catch (error) {
        logger.error('failed', { error: (error as Error).name, message: (error as Error).message });
        throw error;
      }
    });
}

/** The drill id and target id an event carries, wherever the state machine put them; nothing else from it. */
export function drillKeysOf(event: unknown): { drillId?: string; targetId?: string } {
  const e = (event ?? {}) as { drill?: { id?: unknown }; item?: { drill?: { id?: unknown }; target?: { id?: unknown } }; targetId?: unknown };
  const drillId = e.drill?.id ?? e.item?.drill?.id;
  const targetId = e.targetId ?? e.item?.target?.id;
  return {
    ...(typeof drillId === 'string' ? { drillId } : {}),
    ...(typeof targetId === 'string' ? { targetId } : {}),
  };
}

/**
 * A function's Lambda entry point from its `makeHandler(deps)`. Inside Lambda the dependencies are built at cold
 * start (failing fast on bad configuration); elsewhere (local runs, tests) importing the module has no side effects.
 */
export function lambdaHandler<D, I, O>(makeHandler: (deps: D) => (event: I) => Promise<O>, buildDeps: (runtime: LambdaRuntime) => D) {
  let run = process.env.AWS_LAMBDA_FUNCTION_NAME ? makeHandler(buildDeps(lambdaRuntime())) : undefined;
  const handler = wrap<I, O>((event) => {
    run ??= makeHandler(buildDeps(lambdaRuntime()));
    return run(event);
  });
  // The local run builds each function as Lambda would, from its packaged environment (local/runner/engine.ts).
  return Object.assign(handler, { deployment: { makeHandler, buildDeps } satisfies FunctionDeployment<D, I, O> });
}

/** How a function becomes its handler: the dependencies it builds from its runtime, and the use case they serve. */
export interface FunctionDeployment<D = never, I = unknown, O = unknown> {
  makeHandler: (deps: D) => (event: I) => Promise<O>;
  buildDeps: (runtime: LambdaRuntime) => D;
}
