/**
 * The host registry: one entry per kind of git host the app knows, as pure data.
 * Backend (validation, storage rules) and Custom UI (labels, help, scopes) read the same entries.
 */

import type { HostType } from '../contract';

// The host types are part of the contract (an Integration's `hostType`); the registry is keyed by them.
export { HOST_TYPES, type HostType } from '../contract';

/**
 * What a person fills in for this host, with the labels people of that host know.
 * `token`: one secret; `basic`: a user name (or email) and a secret sent as HTTP Basic;
 * `aws`: an IAM access key ID and secret access key, used to sign requests.
 */
export type CredentialFields =
  | { kind: 'token'; secretLabel: string }
  | { kind: 'basic'; usernameLabel: string; usernameType: 'email' | 'text'; secretLabel: string }
  | { kind: 'aws'; usernameLabel: string; secretLabel: string; regionLabel: string };

const PAT: CredentialFields = { kind: 'token', secretLabel: 'Personal access token' };

export interface HostInfo {
  type: HostType;
  /** Product name shown to people, e.g. "GitLab". */
  name: string;
  /** Cloud hosts have a fixed address; self-hosted ones need the site's base URL. */
  deployment: 'cloud' | 'self-hosted';
  /** Web address of the cloud host; undefined for self-hosted types. */
  cloudBaseUrl?: string;
  /** Azure DevOps Services addresses everything below an organization. */
  needsOrganization: boolean;
  /** What the token must be allowed to do to create branches and pull requests. */
  scopes: readonly string[];
  /** Short, ordered steps for creating a token on this host. */
  howToCreate: readonly string[];
  /** The fields of the dialog and the shape of the stored credential. */
  credential: CredentialFields;
  /** Why there is no "New token" page, when there is none. */
  noTokenPageReason?: string;
}

const GITHUB_STEPS = [
  'Choose New fine-grained token (recommended) or New classic token; on github.com the name, expiry and permissions, or the note and the repo scope, are filled in.',
  'For a fine-grained token, choose the resource owner (your organization) and the repositories it may reach.',
  'Select Generate token and copy it: GitHub shows it only once.',
];

const GITLAB_STEPS = [
  'Open the token page with New token (the name and the api scope are filled in).',
  'Choose an expiration date.',
  'Select Create personal access token and copy it: GitLab shows it only once.',
];

export const HOSTS: Readonly<Record<HostType, HostInfo>> = {
  github: {
    type: 'github',
    name: 'GitHub',
    deployment: 'cloud',
    cloudBaseUrl: 'https://github.com',
    needsOrganization: false,
    scopes: ['repo'],
    credential: PAT,
    howToCreate: GITHUB_STEPS,
  },
  'github-enterprise': {
    type: 'github-enterprise',
    name: 'GitHub Enterprise',
    deployment: 'self-hosted',
    needsOrganization: false,
    scopes: ['repo'],
    credential: PAT,
    howToCreate: GITHUB_STEPS,
  },
  gitlab: {
    type: 'gitlab',
    name: 'GitLab',
    deployment: 'cloud',
    cloudBaseUrl: 'https://gitlab.com',
    needsOrganization: false,
    scopes: ['api'],
    credential: PAT,
    howToCreate: GITLAB_STEPS,
  },
  'gitlab-self-managed': {
    type: 'gitlab-self-managed',
    name: 'GitLab self-managed',
    deployment: 'self-hosted',
    needsOrganization: false,
    scopes: ['api'],
    credential: PAT,
    howToCreate: GITLAB_STEPS,
  },
  'bitbucket-cloud': {
    type: 'bitbucket-cloud',
    name: 'Bitbucket Cloud',
    deployment: 'cloud',
    cloudBaseUrl: 'https://bitbucket.org',
    needsOrganization: false,
    scopes: [
      'read:user:bitbucket',
      'read:repository:bitbucket',
      'write:repository:bitbucket',
      'read:pullrequest:bitbucket',
      'write:pullrequest:bitbucket',
    ],
    credential: { kind: 'basic', usernameLabel: 'Atlassian account email', usernameType: 'email', secretLabel: 'API token' },
    howToCreate: [
      'Open your Atlassian account security page with New token.',
      'Choose Create API token with scopes, then Bitbucket as the app.',
      'Select the scopes listed here, create the token and copy it.',
      'Enter it with the email address of your Atlassian account: Bitbucket takes API tokens only together with it.',
    ],
  },
  'bitbucket-dc': {
    type: 'bitbucket-dc',
    name: 'Bitbucket Data Center',
    deployment: 'self-hosted',
    needsOrganization: false,
    scopes: ['Repository write'],
    credential: { kind: 'token', secretLabel: 'HTTP access token' },
    howToCreate: [
      'Open HTTP access tokens in your Bitbucket profile with New token.',
      'Select Create token and give it Repository write permission.',
      'Copy the token: Bitbucket shows it only once.',
    ],
  },
  'azure-devops': {
    type: 'azure-devops',
    name: 'Azure DevOps',
    deployment: 'cloud',
    cloudBaseUrl: 'https://dev.azure.com',
    needsOrganization: true,
    scopes: ['Code (Read & write)'],
    credential: PAT,
    howToCreate: [
      'Open Personal access tokens of your organization with New token.',
      'Select New Token, choose this organization and Custom defined scopes.',
      'Tick Code: Read & write, create the token and copy it.',
    ],
  },
  'azure-devops-server': {
    type: 'azure-devops-server',
    name: 'Azure DevOps Server',
    deployment: 'self-hosted',
    needsOrganization: false,
    scopes: ['Code (Read & write)'],
    credential: PAT,
    howToCreate: [
      'Open Personal access tokens of your collection with New token.',
      'Select New Token and tick Code: Read & write.',
      'Create the token and copy it.',
    ],
  },
  gitea: {
    type: 'gitea',
    name: 'Gitea / Forgejo',
    deployment: 'self-hosted',
    needsOrganization: false,
    scopes: ['write:repository', 'read:user'],
    credential: { kind: 'token', secretLabel: 'Access token' },
    howToCreate: [
      'Open Applications in your user settings with New token.',
      'Under Manage access tokens, name the token and grant the scopes listed here.',
      'Select Generate token and copy it.',
    ],
  },
  gerrit: {
    type: 'gerrit',
    name: 'Gerrit',
    deployment: 'self-hosted',
    needsOrganization: false,
    scopes: ['Push', 'Create Reference'],
    credential: { kind: 'basic', usernameLabel: 'Gerrit user name', usernameType: 'text', secretLabel: 'HTTP password or auth token' },
    howToCreate: [
      'Open HTTP Credentials in your Gerrit settings with New token.',
      'Your user name is shown there; generate a new HTTP password (or auth token) and copy it.',
    ],
  },
  'aws-codecommit': {
    type: 'aws-codecommit',
    name: 'AWS CodeCommit',
    deployment: 'cloud',
    needsOrganization: false,
    scopes: ['codecommit:CreateBranch', 'codecommit:CreatePullRequest'],
    credential: { kind: 'aws', usernameLabel: 'Access key ID', secretLabel: 'Secret access key', regionLabel: 'AWS Region (optional)' },
    howToCreate: [
      'In the AWS IAM console, open your user and then Security credentials.',
      'Select Create access key, then copy the access key ID and the secret access key: AWS shows the secret only once.',
    ],
    noTokenPageReason: 'AWS CodeCommit has no token page: create an access key in the AWS IAM console.',
  },
};
