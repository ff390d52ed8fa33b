/**
 * The bench's reference page: what the three Atlaskit components every PAT page needs cost when a
 * plain page imports them statically and the build does no code splitting (see bench/bundle.ts).
 */
import Button from '@atlaskit/button/new';
import ModalDialog, { ModalBody, ModalFooter, ModalHeader, ModalTitle } from '@atlaskit/modal-dialog';
import Textfield from '@atlaskit/textfield';
import { useState } from 'react';
import { createRoot } from 'react-dom/client';

function ReferencePage() {
  const [open, setOpen] = useState(false);
  return (
    <main>
      <Textfield aria-label="Search" placeholder="Search" />
      <Button appearance="primary" onClick={() => setOpen(true)}>
        Open dialog
      </Button>
      {open && (
        <ModalDialog onClose={() => setOpen(false)}>
          <ModalHeader>
            <ModalTitle>Personal access token</ModalTitle>
          </ModalHeader>
          <ModalBody>
            <Textfield aria-label="Personal access token" type="password" />
          </ModalBody>
          <ModalFooter>
            <Button onClick={() => setOpen(false)}>Close</Button>
          </ModalFooter>
        </ModalDialog>
      )}
    </main>
  );
}

createRoot(document.getElementById('root')!).render(<ReferencePage />);
