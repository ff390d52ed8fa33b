import Button from '@atlaskit/button/new';
import SectionMessage from '@atlaskit/section-message';
import { token } from '@atlaskit/tokens';
import { useMemo, type CSSProperties } from 'react';
import type { Integration, PatView } from '../../../src/contract';
import { HOSTS } from '../../../src/domain/hosts';
import { attentionItems, type AttentionItem } from '../../../src/domain/tokenHealth';
import { tokenPageUrl } from '../../../src/domain/tokenUrl';
import { formatDay } from './dates';
import { openExternal } from './openExternal';
import { plainList, spaceAround, wrappingRow } from '../../shared/styles';

export interface AttentionBannerProps {
  integrations: readonly Integration[];
  pats: ReadonlyMap<string, PatView>;
  /** Opens the integration's dialog (where Update and, for GitLab, Rotate now are). */
  onOpen: (integration: Integration, trigger: HTMLElement) => void;
}

/** The message stays concise on a site with hundreds of required integrations: the rest are counted. */
const MAX_SHOWN = 5;

const itemLine: CSSProperties = { ...wrappingRow, paddingBlock: token('space.050') };

function problem(item: AttentionItem): string {
  switch (item.reason) {
    case 'expired':
      return 'expired or revoked';
    case 'missing-scopes':
      return 'missing scopes';
    case 'expires-soon':
      return item.expiresAt ? `expires on ${formatDay(item.expiresAt)}` : 'expires soon';
    case 'required-missing':
      return 'required, no token saved';
  }
}

/**
 * One concise message at the top of the page naming every token that needs the person: expired or
 * revoked, missing scopes, expiring within 7 days, and required integrations without one, each
 * with its action. Renders nothing when all is well.
 */
export function AttentionBanner({ integrations, pats, onOpen }: AttentionBannerProps) {
  // The page is open for minutes at most: judging expiry against the time of the render is enough.
  const items = useMemo(() => attentionItems(integrations, pats, new Date()), [integrations, pats]);
  if (items.length === 0) return null;
  const urgent = items.some((item) => item.reason === 'expired' || item.reason === 'required-missing');
  const title =
    items.length === 1 ? '1 personal access token needs your attention' : `${items.length} personal access tokens need your attention`;
  return (
    <section aria-label="Tokens that need your attention" style={spaceAround['space.200']}>
      <SectionMessage appearance={urgent ? 'error' : 'warning'} title={title}>
        <ul style={plainList}>
          {items.slice(0, MAX_SHOWN).map((item) => {
            const { integration } = item;
            const url = tokenPageUrl(integration);
            return (
              <li key={integration.id} style={itemLine}>
                <span>
                  <strong>{integration.name}</strong>: {problem(item)}
                </span>
                {item.rotatable ? (
                  <Button
                    spacing="compact"
                    aria-label={`Rotate the token for ${integration.name}`}
                    onClick={(event) => onOpen(integration, event.currentTarget)}
                  >
                    Rotate
                  </Button>
                ) : (
                  <Button
                    spacing="compact"
                    // The row has its own "Edit your PAT for …": this one says what it is about.
                    aria-label={`${item.reason === 'required-missing' ? 'Set up your PAT' : 'Edit your PAT'} for ${integration.name}, ${problem(item)}`}
                    onClick={(event) => onOpen(integration, event.currentTarget)}
                  >
                    {item.reason === 'required-missing' ? 'Set up your PAT' : 'Edit your PAT'}
                  </Button>
                )}
                {url && !item.rotatable && (
                  <Button
                    spacing="compact"
                    appearance="subtle"
                    aria-label={`New token for ${integration.name}, ${problem(item)} (opens ${HOSTS[integration.hostType].name} in a new tab)`}
                    onClick={() => void openExternal(url)}
                  >
                    New token
                  </Button>
                )}
              </li>
            );
          })}
        </ul>
        {items.length > MAX_SHOWN && <p>…and {items.length - MAX_SHOWN} more; their rows below show what each needs.</p>}
      </SectionMessage>
    </section>
  );
}
