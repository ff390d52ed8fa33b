import Button from '@atlaskit/button/default/button';
import ModalDialog, { ModalBody, ModalFooter, ModalHeader, ModalTitle } from '@atlaskit/modal-dialog';
import { token } from '@atlaskit/tokens';
import { useState, type CSSProperties } from 'react';
import type { Integration } from '../../../src/contract';
import { HOSTS } from '../../../src/domain/hosts';
import { invokeResolver } from './invokeResolver';
import { dangerText, spaceAbove } from '../../shared/styles';

interface Props {
  integration: Integration;
  onClose: () => void;
  onRemoved: () => void;
}

const revokeNote: CSSProperties = { color: token('color.text.subtle') };

/** Asks before removing: branches and pull requests for this integration will need a new token. */
export default function RemoveDialog({ integration, onClose, onRemoved }: Props) {
  const [removing, setRemoving] = useState(false);
  const [error, setError] = useState<string>();
  const host = HOSTS[integration.hostType];

  async function remove() {
    setRemoving(true);
    setError(undefined);
    const result = await invokeResolver('removePat', { integrationId: integration.id });
    setRemoving(false);
    if (result.ok || result.error.code === 'PAT_NOT_FOUND') onRemoved();
    else setError(result.error.message);
  }

  return (
    <ModalDialog onClose={() => !removing && onClose()} width="small" label={`Remove your personal access token for ${integration.name}?`}>
      <ModalHeader>
        <ModalTitle appearance="danger">Remove your personal access token?</ModalTitle>
      </ModalHeader>
      <ModalBody>
        <p style={spaceAbove.none}>
          The token for <strong>{integration.name}</strong> will be deleted from Jira. Creating branches and pull requests there will ask
          you for a new one.
        </p>
        <p style={revokeNote}>This does not revoke the token on {host.name}; revoke it there if you no longer need it.</p>
        {error && (
          <p role="alert" style={dangerText}>
            {error}
          </p>
        )}
      </ModalBody>
      <ModalFooter>
        <Button appearance="subtle" onClick={onClose} isDisabled={removing}>
          Cancel
        </Button>
        <Button appearance="danger" onClick={() => void remove()} isLoading={removing}>
          Remove
        </Button>
      </ModalFooter>
    </ModalDialog>
  );
}
