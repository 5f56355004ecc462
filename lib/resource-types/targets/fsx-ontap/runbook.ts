// As an FSx file system: usable once its restore job completes (AWS Backup reports it completed once the new volume
// is created), validated at once.
export { runbook } from '../fsx/runbook';
