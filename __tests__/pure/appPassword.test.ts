import { appPasswordWarning } from '../../src/domain/appPassword';
import type { HostType } from '../../src/domain/hosts';

const APP_PASSWORD = 'ATBB3g7gLXseCxPjJs1CQNMyEjwf1D12516D';
const LEGACY_APP_PASSWORD = 'bLHDMmvlk7L9wGerIfMg';
const API_TOKEN = `ATATT3xFfGF0${'x'.repeat(180)}=0A1B2C3D`;
const BEFORE = new Date('2026-03-01T12:00:00Z');
const BROWNOUTS = new Date('2026-06-20T12:00:00Z');
const AFTER = new Date('2026-11-29T12:00:00Z');
const INSTEAD = 'Create an API token with New token and paste it here instead.';
const RETIRING = 'Bitbucket is retiring app passwords: none can be created since 9 September 2025, and they stop working on 28 July 2026.';
const SWITCHING_OFF = 'Bitbucket is switching app passwords off: they fail at times since 9 June 2026 and stop working on 28 July 2026.';
const STOPPED = 'Bitbucket stopped accepting app passwords on 28 July 2026, so it will not work.';

describe('Bitbucket app password warning', () => {
  it.each<[string, HostType, string, Date, string | undefined]>([
    [
      'an app password before the brownouts',
      'bitbucket-cloud',
      APP_PASSWORD,
      BEFORE,
      `This looks like a Bitbucket app password, not an API token. ${RETIRING} ${INSTEAD}`,
    ],
    [
      'an app password during the brownouts',
      'bitbucket-cloud',
      APP_PASSWORD,
      BROWNOUTS,
      `This looks like a Bitbucket app password, not an API token. ${SWITCHING_OFF} ${INSTEAD}`,
    ],
    [
      'an app password after the removal',
      'bitbucket-cloud',
      APP_PASSWORD,
      AFTER,
      `This looks like a Bitbucket app password, not an API token. ${STOPPED} ${INSTEAD}`,
    ],
    [
      'on the day of the removal',
      'bitbucket-cloud',
      APP_PASSWORD,
      new Date('2026-07-28T00:00:00Z'),
      `This looks like a Bitbucket app password, not an API token. ${STOPPED} ${INSTEAD}`,
    ],
    [
      'an older app password without prefix',
      'bitbucket-cloud',
      LEGACY_APP_PASSWORD,
      BEFORE,
      `This may be a Bitbucket app password (older ones are 20 letters and digits), not an API token. ${RETIRING} ${INSTEAD}`,
    ],
    ['an Atlassian API token', 'bitbucket-cloud', API_TOKEN, AFTER, undefined],
    ['a 21-character secret', 'bitbucket-cloud', `${LEGACY_APP_PASSWORD}x`, AFTER, undefined],
    [
      'an app password in a GitHub integration',
      'github',
      APP_PASSWORD,
      AFTER,
      'This looks like a Bitbucket Cloud app password, but this integration is for GitHub.',
    ],
    [
      'an app password in a Bitbucket Data Center integration',
      'bitbucket-dc',
      APP_PASSWORD,
      AFTER,
      'This looks like a Bitbucket Cloud app password, but this integration is for Bitbucket Data Center.',
    ],
    ['20 letters and digits for Gerrit (HTTP passwords look like that)', 'gerrit', LEGACY_APP_PASSWORD, AFTER, undefined],
  ])('%s', (_label, hostType, token, now, warning) => {
    expect(appPasswordWarning(hostType, token, now)).toBe(warning);
  });
});
