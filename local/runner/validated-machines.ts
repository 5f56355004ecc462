// aws-local-stepfunctions validates a definition (asl-validator) every time a StateMachine is built, and asl-validator
// compiles its JSON schemas afresh on every call: close to a second of CPU, and a local drill builds one per execution
// (the drill, each target's child). Validation is a pure function of the definition's text and the installed
// validator, so a definition is validated once: the first time, then remembered in the process and in a marker file
// (local/tmp-cache.ts) the next process (a jest test file, a `dr-drill run --local`) finds. A definition that fails is
// never remembered and fails again at every build.
import { StateMachine } from 'aws-local-stepfunctions';
import { existsSync } from 'node:fs';
import { tmpCachePath, writeTmpCache } from '../tmp-cache';
import type { Definition } from './definitions';

const acceptedInProcess = new Set<string>();

/** An aws-local-stepfunctions machine for `definition`, validated as its constructor does (paths checked) once. */
export function validatedStateMachine(definition: Definition): StateMachine {
  const marker = tmpCachePath('accepted-definitions', JSON.stringify(definition));
  if (acceptedInProcess.has(marker) || existsSync(marker)) {
    acceptedInProcess.add(marker);
    return new StateMachine(definition as never, { validationOptions: { noValidate: true } });
  }
  const machine = new StateMachine(definition as never, { validationOptions: { checkPaths: true } });
  acceptedInProcess.add(marker);
  writeTmpCache(marker, '');
  return machine;
}
