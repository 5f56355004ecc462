// Validates every state machine the way AWS would at CreateStateMachine: the ASL itself (asl-validator, the same
// checks serverless-step-functions runs), and what asl-validator does not check: that every aws-sdk task names a
// service, action and parameters the real AWS SDK has, and that every Task has a route in the local simulation.
import aslValidator from 'asl-validator';
import { readServiceLayout } from '../local/runner/serverless-config';
import { allStates, loadDefinition } from '../local/runner/definitions';
import { validateTaskResource } from '../local/sim/sdk-shapes';
import { PROJECT_ROOT } from '../local/run-drill';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatedDefinitions, render } from './statemachines/sources';

const layout = readServiceLayout(PROJECT_ROOT);
const arns = { region: 'eu-west-2', accountId: '111122223333', stage: 'validate' };
let failures = 0;
// A generated definition that its source no longer produces would deploy something nobody reviewed in the source.
for (const definition of generatedDefinitions(PROJECT_ROOT)) {
  if (readFileSync(join(PROJECT_ROOT, definition.target), 'utf8') === render(PROJECT_ROOT, definition)) continue;
  failures += 1;
  console.log(`✗ ${definition.target} is not what ${definition.source} generates: run npm run statemachines`);
}
for (const { key, file } of layout.stateMachines.values()) {
  // asl-validator sees the definition with intrinsics resolved, as AWS receives it; Waits stay Waits.
  const raw = parse(readFileSync(join(PROJECT_ROOT, file), 'utf8'));
  const resolved = JSON.parse(JSON.stringify(raw), (_k, v) => {
    if (v && typeof v === 'object' && !Array.isArray(v) && ('Fn::GetAtt' in v || 'Ref' in v)) return `arn:aws:lambda:eu-west-2:111122223333:function:${JSON.stringify(v).replace(/\W+/g, '')}`;
    return v;
  });
  const { isValid, errorsText } = aslValidator(resolved);
  const problems: string[] = isValid ? [] : [errorsText('\n')];
  const definition = loadDefinition(layout, file, arns);
  for (const state of allStates(definition)) {
    if (state.definition.Type !== 'Task') continue;
    try {
      validateTaskResource(state.name, String(state.definition.Resource), state.definition.Parameters);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  // aws-local-stepfunctions 3.0.0 evaluates `IsNull: false` and `IsPresent: false` as never matching (AWS matches
  // when the value is not null / absent): written as Not: {... : true} they mean the same in both.
  const text = readFileSync(join(PROJECT_ROOT, file), 'utf8');
  for (const [i, line] of text.split('\n').entries()) {
    if (/\b(IsNull|IsPresent|IsNumeric|IsString|IsBoolean|IsTimestamp):\s*false\b/.test(line)) {
      problems.push(`line ${i + 1}: use Not: { ..., ${line.trim().split(':')[0]}: true } instead of "false": the local engine never matches the false form`);
    }
  }
  const states = allStates(definition).length;
  if (problems.length) {
    failures += problems.length;
    console.log(`✗ ${file} (${key}): ${problems.length} problem(s)`);
    for (const p of problems) console.log(`  ${p}`);
  } else {
    console.log(`✓ ${file} (${key}): ${states} states valid; every aws-sdk task checked against the AWS SDK`);
  }
}
process.exitCode = failures ? 1 : 0;
