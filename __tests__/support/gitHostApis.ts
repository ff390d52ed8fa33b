/**
 * Loopback stand-ins for the identity endpoints of all 11 host types, answering as the real APIs do for
 * a credential they take and one they do not. One server serves them all: their paths differ.
 */
import type { IncomingHttpHeaders } from 'node:http';
import aws4 from 'aws4';
import type { Reply, Script } from './fakeHost';

/** What the fake hosts accept: one token for token hosts, and the account credentials of the others. */
export const VALID = {
  token: 'valid-token-0123456789abcdefWXYZ',
  username: 'ana',
  email: 'ana@example.com',
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
} as const;

function basic(headers: IncomingHttpHeaders): { user: string; secret: string } | undefined {
  const match = /^Basic (.+)$/.exec(headers.authorization ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { user: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

// GitHub: https://docs.github.com/en/rest/users/users#get-the-authenticated-user; a bad token gets
// 401 {"message":"Bad credentials",…} (https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api).
function github(headers: IncomingHttpHeaders): Reply {
  if (headers.authorization !== `Bearer ${VALID.token}`) {
    return { status: 401, body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' } };
  }
  return {
    status: 200,
    headers: { 'X-OAuth-Scopes': 'repo, read:org', 'GitHub-Authentication-Token-Expiration': '2099-01-01 00:00:00 UTC' },
    body: { login: 'octocat', id: 1, avatar_url: 'https://avatars.githubusercontent.com/u/1?v=4', type: 'User' },
  };
}

// GitLab: https://docs.gitlab.com/api/users/#get-the-current-user and
// https://docs.gitlab.com/api/personal_access_tokens/#get-details-on-a-personal-access-token; 401 {"message":"401 Unauthorized"}.
function gitlab(path: string, headers: IncomingHttpHeaders): Reply {
  if (headers['private-token'] !== VALID.token) return { status: 401, body: { message: '401 Unauthorized' } };
  if (path.endsWith('/personal_access_tokens/self')) {
    return {
      status: 200,
      body: { id: 4, name: 'Jira git integration', revoked: false, active: true, scopes: ['api'], user_id: 3, expires_at: '2099-01-01' },
    };
  }
  return { status: 200, body: { id: 3, username: 'ana', name: 'Ana', state: 'active', avatar_url: null } };
}

// Bitbucket Cloud: https://developer.atlassian.com/cloud/bitbucket/rest/api-group-users/#api-user-get (Basic email:API token).
function bitbucketCloud(headers: IncomingHttpHeaders): Reply {
  const credentials = basic(headers);
  if (credentials?.user !== VALID.email || credentials.secret !== VALID.token) {
    return { status: 401, body: { type: 'error', error: { message: 'Unauthorized' } } };
  }
  return {
    status: 200,
    body: {
      type: 'user',
      display_name: 'Ana Example',
      nickname: 'ana-example',
      account_id: '557058:0a1b2c3d',
      uuid: '{c788b2da-b7a2-404c-9e26-d3f077557007}',
      links: { avatar: { href: 'https://secure.gravatar.com/avatar/ana' } },
    },
  };
}

// Bitbucket Data Center: https://developer.atlassian.com/server/bitbucket/rest/ (application-properties); the user is in X-AUSERNAME.
function bitbucketDc(headers: IncomingHttpHeaders): Reply {
  if (headers.authorization !== `Bearer ${VALID.token}`) {
    return {
      status: 401,
      body: {
        errors: [
          {
            context: null,
            message: 'Authentication failed. Please check your credentials and try again.',
            exceptionName: 'com.atlassian.bitbucket.auth.IncorrectPasswordAuthenticationException',
          },
        ],
      },
    };
  }
  return {
    status: 200,
    headers: { 'X-AUSERNAME': 'ana', 'X-AUSERID': '51' },
    body: { version: '8.19.1', buildNumber: '8019001', buildDate: '1712000000000', displayName: 'Bitbucket' },
  };
}

// Azure DevOps: connectionData answers who signed in; a bad PAT with X-TFS-FedAuthRedirect: Suppress gets 401
// (https://learn.microsoft.com/en-us/azure/devops/integrate/get-started/authentication/authentication-guidance).
function azure(headers: IncomingHttpHeaders): Reply {
  const credentials = basic(headers);
  if (credentials?.secret !== VALID.token) return { status: 401, body: '' };
  return {
    status: 200,
    body: {
      authenticatedUser: {
        id: '6ef6f0a7-2f4c-6a1d-9b2e-1f0e6a5d3c2b',
        descriptor: 'Microsoft.IdentityModel.Claims.ClaimsIdentity;ana@example.com',
        providerDisplayName: 'Ana Example',
        isActive: true,
        properties: { Account: { $type: 'System.String', $value: 'ana@example.com' } },
      },
      instanceId: '3f1a7c3e-0000-4d1e-9a6b-1c2d3e4f5a6b',
      locationServiceData: { serviceOwner: '00025394-6065-48ca-87d9-7f5672854ef7' },
    },
  };
}

// Gitea / Forgejo: https://docs.gitea.com/api/1.22/#tag/user/operation/userGetCurrent (`Authorization: token …`).
function gitea(headers: IncomingHttpHeaders): Reply {
  if (headers.authorization !== `token ${VALID.token}`)
    return { status: 401, body: { message: 'user does not exist [uid: 0, name: ]', url: 'https://codeberg.org/api/swagger' } };
  return {
    status: 200,
    body: { id: 7, login: 'ana', full_name: 'Ana', email: 'ana@example.com', avatar_url: 'https://codeberg.org/avatars/ana' },
  };
}

// Gerrit: https://gerrit-review.googlesource.com/Documentation/rest-api-accounts.html#get-account; JSON after the `)]}'` line,
// and a plain-text 401 for wrong credentials.
function gerrit(headers: IncomingHttpHeaders): Reply {
  const credentials = basic(headers);
  if (credentials?.user !== VALID.username || credentials.secret !== VALID.token) {
    return { status: 401, headers: { 'content-type': 'text/plain' }, body: 'Unauthorized' };
  }
  return {
    status: 200,
    body: `)]}'\n${JSON.stringify({ _account_id: 1000096, name: 'Ana Example', email: 'ana@example.com', username: 'ana' })}\n`,
  };
}

/**
 * STS GetCallerIdentity (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html) with JSON
 * answers: the fake checks the SigV4 signature the way AWS does, by signing the same request again with the
 * key's secret (same time stamp, signed headers and host) and comparing; unknown keys get InvalidClientTokenId and
 * a wrong secret SignatureDoesNotMatch (https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html).
 */
function sts(path: string, headers: IncomingHttpHeaders): Reply {
  const error = (code: string, message: string): Reply => ({
    status: 403,
    body: { Error: { Code: code, Message: message, Type: 'Sender' }, RequestId: 'c6104cbe-af31-11e0-8154-cbc7ccf896c7' },
  });
  const match =
    /^AWS4-HMAC-SHA256 Credential=([A-Z0-9]+)\/(\d{8})\/us-east-1\/sts\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(
      headers.authorization ?? '',
    );
  if (!match)
    return {
      status: 400,
      body: { Error: { Code: 'IncompleteSignature', Message: 'Authorization header requires a SigV4 signature.', Type: 'Sender' } },
    };
  const [, keyId, , signedHeaders] = match;
  if (keyId !== VALID.accessKeyId) return error('InvalidClientTokenId', 'The security token included in the request is invalid.');
  const signedNames = signedHeaders!.split(';');
  const resigned = aws4.sign(
    {
      host: 'sts.amazonaws.com',
      path,
      service: 'sts',
      region: 'us-east-1',
      method: 'GET',
      headers: Object.fromEntries(signedNames.filter((name) => name !== 'host').map((name) => [name, String(headers[name] ?? '')])),
    },
    { accessKeyId: VALID.accessKeyId, secretAccessKey: VALID.secretAccessKey },
  );
  if ((resigned.headers as Record<string, string>).Authorization !== headers.authorization) {
    return error('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
  }
  return {
    status: 200,
    body: {
      GetCallerIdentityResponse: {
        GetCallerIdentityResult: { Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/ana', UserId: 'AIDASAMPLEUSERID' },
        ResponseMetadata: { RequestId: '01234567-89ab-cdef-0123-456789abcdef' },
      },
    },
  };
}

/** Every host's identity endpoint, told apart by path (the demo integrations' base URLs keep them distinct). */
export const gitHostApis: Script = (path, headers) => {
  if (path.startsWith('/?Action=GetCallerIdentity')) return sts(path, headers);
  if (path === '/user' || path === '/api/v3/user') return github(headers);
  if (path.includes('/api/v4/')) return gitlab(path, headers);
  if (path === '/2.0/user') return bitbucketCloud(headers);
  if (path === '/rest/api/1.0/application-properties') return bitbucketDc(headers);
  if (path.endsWith('/_apis/connectionData')) return azure(headers);
  if (path === '/api/v1/user') return gitea(headers);
  if (path === '/a/accounts/self') return gerrit(headers);
  return { status: 404, body: { message: 'Not Found' } };
};
