// Serverless plugin (local): every CloudWatch Logs group the framework generates for a function is encrypted with the
// stack's LogsKey (resources in serverless.yml). osls has no setting for a log group's KMS key, and a list of
// per-function overrides would silently miss the next function added; this covers each one, present and future.
'use strict';
/* global module */

const KEY_LOGICAL_ID = 'LogsKey';

class EncryptLogGroups {
  constructor(serverless) {
    this.serverless = serverless;
    // After the stack's own resources (LogsKey) are merged into the template, before it is written.
    this.hooks = { 'before:aws:package:finalize:saveServiceState': () => this.encrypt() };
  }

  encrypt() {
    const resources = this.serverless.service.provider.compiledCloudFormationTemplate.Resources;
    if (!resources[KEY_LOGICAL_ID]) {
      throw new Error(`encrypt-log-groups: the template has no ${KEY_LOGICAL_ID} (AWS::KMS::Key) to encrypt log groups with`);
    }
    for (const resource of Object.values(resources)) {
      if (resource.Type !== 'AWS::Logs::LogGroup') continue;
      resource.Properties = { ...resource.Properties, KmsKeyId: { 'Fn::GetAtt': [KEY_LOGICAL_ID, 'Arn'] } };
    }
  }
}

module.exports = EncryptLogGroups;
