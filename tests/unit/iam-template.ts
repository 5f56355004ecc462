// The template's IAM as AWS would see it once deployed: the local run and these tests share one reading of it.
export * from '../../local/stack/template';
