/**
 * Every host type's check, by host type: adding a host is one file in this folder plus its line here
 * (and its entry in src/domain/hosts.ts, the data the pages share).
 */
import type { HostType } from '../domain/hosts';
import { azureDevOpsCheck, azureDevOpsServerCheck } from './azureDevOps';
import { bitbucketCloudCheck } from './bitbucketCloud';
import { bitbucketDataCenterCheck } from './bitbucketDataCenter';
import type { HostCheck } from './check';
import { codecommitCheck } from './codecommit';
import { gerritCheck } from './gerrit';
import { giteaCheck } from './gitea';
import { githubCheck, githubEnterpriseCheck } from './github';
import { gitlabCheck, gitlabSelfManagedCheck } from './gitlab';

export const HOST_CHECKS: Readonly<Record<HostType, HostCheck<'token'> | HostCheck<'basic'> | HostCheck<'aws'>>> = {
  github: githubCheck,
  'github-enterprise': githubEnterpriseCheck,
  gitlab: gitlabCheck,
  'gitlab-self-managed': gitlabSelfManagedCheck,
  'bitbucket-cloud': bitbucketCloudCheck,
  'bitbucket-dc': bitbucketDataCenterCheck,
  'azure-devops': azureDevOpsCheck,
  'azure-devops-server': azureDevOpsServerCheck,
  gitea: giteaCheck,
  gerrit: gerritCheck,
  'aws-codecommit': codecommitCheck,
};
