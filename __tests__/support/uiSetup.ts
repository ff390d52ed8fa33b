import '@testing-library/jest-dom';

// Rendering Atlaskit dialogs in jsdom can take seconds on a busy 2-core machine.
jest.setTimeout(20_000);
