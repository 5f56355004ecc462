// The ways a command against AWS fails that a person can fix, each as one line: no credentials, a stack that is not
// there, an execution or drill that does not exist. Anything else is a bug or an outage and goes to `main`'s
// unexpected-error handler.
import { ExitCode, type Output } from '../context';

/** A failure the CLI explains in one line; `exitCode` is what the command returns. */
export class CliProblem extends Error {
  override readonly name = 'CliProblem';
  constructor(
    message: string,
    readonly exitCode: number = ExitCode.Usage,
  ) {
    super(message);
  }
}

interface SdkLikeError {
  name?: string;
  message?: string;
}

const firstLine = (text: string | undefined) => (text ?? '').split('\n')[0] ?? '';

/** The one line to print for an error a person can fix, or undefined for a bug or an outage. */
export function explainAwsError(error: unknown): CliProblem | undefined {
  if (error instanceof CliProblem) return error;
  if (typeof error !== 'object' || error === null) return undefined;
  const { name = '', message } = error as SdkLikeError;
  switch (name) {
    case 'CredentialsProviderError':
      return new CliProblem('no AWS credentials: set AWS_PROFILE (run `aws sso login` first if it uses SSO) or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY');
    case 'ExpiredToken':
    case 'ExpiredTokenException':
    case 'TokenRefreshRequired':
      return new CliProblem(`the AWS credentials have expired (${name}): renew them (aws sso login, or a new session) and try again`);
    case 'UnrecognizedClientException':
    case 'InvalidClientTokenId':
    case 'InvalidSignatureException':
    case 'SignatureDoesNotMatch':
      return new CliProblem(`AWS does not accept these credentials (${name}): check AWS_PROFILE or the access keys`);
    case 'AccessDenied':
    case 'AccessDeniedException':
      return new CliProblem(`AWS denied the call: ${firstLine(message)} (see "IAM permissions" in the README)`);
    default:
      return undefined;
  }
}

/** Runs a command's AWS work, turning the failures a person can fix into one line and their exit code. */
export async function explainingAwsErrors(command: string, io: Output, work: () => Promise<number>): Promise<number> {
  try {
    return await work();
  } catch (error) {
    const problem = explainAwsError(error);
    if (!problem) throw error;
    io.err(`dr-drill ${command}: ${problem.message}`);
    return problem.exitCode;
  }
}
