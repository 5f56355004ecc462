// The CloudFormation `serverless package` produced: the local run and these tests read the same file.
export * from '../../local/stack/packaged';
