import Button from '@atlaskit/button/new';
import SectionMessage from '@atlaskit/section-message';
import { useState } from 'react';
import type { Integration, PatView } from '../../../src/contract';
import { invokeResolver } from './invokeResolver';
import { formatDay } from './dates';
import { noteText, spaceAbove, spaceBelow } from '../../shared/styles';

interface Props {
  integration: Integration;
  pat: PatView;
  /** Disables Rotate now while the dialog saves a pasted token, and tells the dialog while rotating. */
  busy: boolean;
  onBusy: (busy: boolean) => void;
  onRotated: (pat: PatView) => void;
}

/**
 * Rotate now (GitLab): the backend has GitLab replace the token and stores the new one in its place;
 * the person copies nothing. A refusal says why; the dialog's New token stays the way out.
 */
export default function RotateSection({ integration, pat, busy, onBusy, onRotated }: Props) {
  const [rotating, setRotating] = useState(false);
  const [error, setError] = useState<string>();
  const expiresAt = pat.verification?.expiresAt;

  async function rotate() {
    setRotating(true);
    onBusy(true);
    setError(undefined);
    const result = await invokeResolver('rotatePat', { integrationId: integration.id });
    setRotating(false);
    onBusy(false);
    if (result.ok) onRotated(result.value);
    else setError(result.error.message);
  }

  return (
    <section aria-label="Rotate token" style={spaceBelow['space.200']}>
      <SectionMessage
        appearance={error ? 'error' : 'information'}
        title={error ? 'The token could not be rotated' : 'Rotate this token on GitLab'}
      >
        <p>
          {error ??
            `${expiresAt ? `Your token expires on ${formatDay(expiresAt)}. ` : ''}GitLab can replace it with a new token and revoke this one; the app stores the new token for you, so there is nothing to copy.`}
        </p>
        {error && <p>Use New token below to create one on GitLab and paste it here.</p>}
        <div style={spaceAbove['space.100']}>
          <Button
            appearance="primary"
            onClick={() => void rotate()}
            isLoading={rotating}
            isDisabled={busy && !rotating}
            aria-label={`Rotate now the token for ${integration.name}`}
          >
            Rotate now
          </Button>
        </div>
      </SectionMessage>
      {rotating && (
        <p role="status" style={noteText}>
          Rotating your token on GitLab…
        </p>
      )}
    </section>
  );
}
