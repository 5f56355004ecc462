// One object of the stack's buckets, or a one-line problem naming it when it is not there.
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ExitCode } from '../context';
import { CliProblem } from './errors';

export async function getObjectBytes(s3: S3Client, bucket: string, key: string, whenMissing: string): Promise<Uint8Array> {
  try {
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    if (!out.Body) throw new CliProblem(`s3://${bucket}/${key} is empty`, ExitCode.Problems);
    return await out.Body.transformToByteArray();
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'NoSuchKey' || name === 'NotFound') throw new CliProblem(`no s3://${bucket}/${key}: ${whenMissing}`, ExitCode.Problems);
    if (name === 'NoSuchBucket') throw new CliProblem(`the bucket ${bucket} named by the stack does not exist`, ExitCode.Problems);
    throw error;
  }
}
