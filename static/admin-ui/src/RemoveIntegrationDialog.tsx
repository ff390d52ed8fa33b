import Button from '@atlaskit/button/default/button';
import ModalDialog, { ModalBody, ModalFooter, ModalHeader, ModalTitle } from '@atlaskit/modal-dialog';
import Spinner from '@atlaskit/spinner';
import { useEffect, useState } from 'react';
import type { AdminPage, Integration } from '../../../src/contract';
import { invokeResolver } from './invokeResolver';
import { dangerText, spaceAbove } from '../../shared/styles';

interface Props {
  integration: Integration;
  revision: number;
  onClose: () => void;
  onRemoved: (page: AdminPage, purgedUsers: number, purgeFinished: boolean) => void;
}

function usersText(users: number): string {
  if (users === 0) return 'No user has saved a personal access token for it.';
  return `${users} ${users === 1 ? 'user has' : 'users have'} saved a personal access token for it; ${users === 1 ? 'that token' : 'those tokens'} will be deleted.`;
}

/** Says how many users lose their PAT before the admin confirms. */
export default function RemoveIntegrationDialog({ integration, revision, onClose, onRemoved }: Props) {
  const [users, setUsers] = useState<number>();
  const [removing, setRemoving] = useState(false);
  const [error, setError] = useState<string>();

  useEffect(() => {
    let current = true;
    void invokeResolver('getRemovalImpact', { integrationId: integration.id }).then((result) => {
      if (!current) return;
      if (result.ok) setUsers(result.value.users);
      else setError(result.error.message);
    });
    return () => {
      current = false;
    };
  }, [integration.id]);

  async function remove() {
    setRemoving(true);
    setError(undefined);
    const result = await invokeResolver('removeIntegration', { integrationId: integration.id, expectedRevision: revision });
    setRemoving(false);
    if (result.ok) onRemoved(result.value, result.value.purgedUsers, result.value.purgeFinished);
    else setError(result.error.message);
  }

  return (
    <ModalDialog onClose={() => !removing && onClose()} width="small" label={`Remove ${integration.name}?`}>
      <ModalHeader>
        <ModalTitle appearance="danger">Remove this integration?</ModalTitle>
      </ModalHeader>
      <ModalBody>
        <p style={spaceAbove.none}>
          <strong>{integration.name}</strong> will disappear from every user’s Personal access tokens page.
        </p>
        {users === undefined && !error ? (
          <p aria-busy="true">
            <Spinner size="small" label="Counting users" /> Counting users with a saved token…
          </p>
        ) : (
          users !== undefined && <p>{usersText(users)}</p>
        )}
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
        <Button appearance="danger" onClick={() => void remove()} isLoading={removing} isDisabled={users === undefined}>
          Remove
        </Button>
      </ModalFooter>
    </ModalDialog>
  );
}
