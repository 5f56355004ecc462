// Serverless plugin (local): a role's statements may include a role part the resource types generate
// (iam/generated/<part>.yml, `npm run iam`) as ONE list item, `- ${file(./iam/generated/<part>.yml):statements}`;
// this splices that list into the statements around it. osls resolves such an item to a list inside the list and
// neither it (its schema wants objects), serverless-iam-roles-per-function nor CloudFormation flattens it. One line
// per part is what lets a part move from one role to another (e.g. deleteRestored, from the restore-target state
// machine to a Lambda) by moving that line.
'use strict';
/* global module */

const splice = (statements) => {
  if (!Array.isArray(statements)) return;
  // In place: osls validates and serverless-iam-roles-per-function reads these same arrays.
  const flat = statements.flat(Infinity);
  statements.splice(0, statements.length, ...flat);
};

const rolesOf = (resources) => Object.values(resources ?? {}).filter((r) => r && r.Type === 'AWS::IAM::Role');
const policyStatements = (role) => (role.Properties?.Policies ?? []).map((p) => p.PolicyDocument?.Statement);

class SpliceIamStatements {
  constructor(serverless) {
    this.serverless = serverless;
    // The constructor runs after ${file(...)} is resolved and before osls validates the configuration (which refuses a
    // list where a statement should be); the functions' statements are spliced here.
    const service = serverless.service;
    for (const fn of Object.values(service.functions ?? {})) splice(fn.iamRoleStatements);
    splice(service.provider?.iam?.role?.statements);
    for (const role of rolesOf(service.resources?.Resources)) policyStatements(role).forEach(splice);
    // And once more in the template about to be written: any role's statements, the resources' roles included
    // (nothing validates those before CloudFormation, which would refuse the list).
    this.hooks = { 'before:aws:package:finalize:saveServiceState': () => this.spliceTemplate() };
  }

  spliceTemplate() {
    const { Resources } = this.serverless.service.provider.compiledCloudFormationTemplate;
    for (const role of rolesOf(Resources)) {
      for (const statements of policyStatements(role)) {
        splice(statements);
        const odd = (statements ?? []).find((s) => s === null || typeof s !== 'object' || Array.isArray(s));
        if (odd !== undefined) throw new Error(`splice-iam-statements: a statement of a role is not an object: ${JSON.stringify(odd)}`);
      }
    }
  }
}

module.exports = SpliceIamStatements;
