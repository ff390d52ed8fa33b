import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';
import { ignoreConsole } from './consoleGuard';

// Rendering Atlaskit dialogs in jsdom can take seconds on a busy 2-core machine.
jest.setTimeout(20_000);
// The first render in a file compiles the lazily loaded parts (the table, dialogs, icons): seconds on that machine.
configure({ asyncUtilTimeout: 5_000 });

// React 18 warns about defaultProps on function components, and react-scrolllock's LockToggle (inside
// @atlaskit/modal-dialog, which pins that package) has them: a third-party warning this app cannot fix.
ignoreConsole(/^Warning: LockToggle: Support for defaultProps will be removed from function components/);
