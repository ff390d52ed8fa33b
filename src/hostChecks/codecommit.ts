/**
 * AWS CodeCommit: an IAM access key is checked with STS `GetCallerIdentity`, which any valid key may call
 * (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html), sent as a GET to STS's
 * global endpoint with `Accept: application/json` and signed with Signature Version 4 by the `aws4` library
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html). The answer names the IAM ARN.
 */
import aws4 from 'aws4';
import { z } from 'zod';
import { HOSTS } from '../domain/hosts';
import { judge, readAnswer, rejected, unreadable, type Answer } from './outcomes';
import { check, NO_ANSWER, type HostCheck, type Interpret } from './check';

const STS_HOST = 'sts.amazonaws.com';
const STS_PATH = '/?Action=GetCallerIdentity&Version=2011-06-15';
/** STS's global endpoint signs in us-east-1 (https://docs.aws.amazon.com/general/latest/gr/sts.html). */
const STS_REGION = 'us-east-1';

const callerIdentity = z.object({
  GetCallerIdentityResponse: z.object({
    GetCallerIdentityResult: z.object({ Arn: z.string(), Account: z.string().optional(), UserId: z.string().optional() }),
  }),
});
const stsError = z.object({ Error: z.object({ Code: z.string(), Message: z.string().optional() }) });

/** Error codes that mean the key pair itself is not accepted (https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html). */
const REJECTING_CODES: Readonly<Record<string, string>> = {
  InvalidClientTokenId: 'AWS does not know this access key ID: it was deleted, deactivated or mistyped.',
  SignatureDoesNotMatch: 'AWS rejected the secret access key: it does not belong to this access key ID.',
  ExpiredToken: 'AWS reports the key as expired.',
  AccessDenied: 'AWS refused the key: its account or user may be disabled.',
};

function stsRefusal(answer: Answer) {
  const error = stsError.safeParse(answer.body.parsed ? answer.body.value : undefined);
  if (!error.success) return answer.status === 403 ? rejected() : undefined;
  const reason = REJECTING_CODES[error.data.Error.Code];
  return reason ? rejected(reason) : undefined;
}

const interpretSts: Interpret = ([identity = NO_ANSWER], now) => {
  const host = HOSTS['aws-codecommit'];
  const read = readAnswer(identity, host, now, stsRefusal);
  if (!read.ok) return read.finding;
  const body = callerIdentity.safeParse(read.value);
  if (!body.success) return unreadable(host.name);
  // IAM access keys do not expire and their permissions are policies STS does not report.
  return judge({ login: body.data.GetCallerIdentityResponse.GetCallerIdentityResult.Arn }, [], now);
};

/** `20260301T120000Z`, SigV4's time stamp. */
function amzDate(now: Date): string {
  return now.toISOString().replace(/[:-]|\.\d{3}/g, '');
}

export const codecommitCheck: HostCheck<'aws'> = {
  credentialKind: 'aws',
  plan: (_target, { accessKeyId, secretAccessKey }, now) => {
    const signed = aws4.sign(
      {
        host: STS_HOST,
        path: STS_PATH,
        service: 'sts',
        region: STS_REGION,
        method: 'GET',
        headers: { Accept: 'application/json', 'User-Agent': 'jira-git-pat-check', 'X-Amz-Date': amzDate(now) },
      },
      { accessKeyId, secretAccessKey },
    );
    // fetch sets Host from the URL; the signature covers the same value.
    const { Host: _host, ...headers } = signed.headers as Record<string, string>;
    return check(interpretSts, { method: 'GET', url: `https://${STS_HOST}${STS_PATH}`, headers });
  },
};
