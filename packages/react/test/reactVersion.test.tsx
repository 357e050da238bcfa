import { render, screen } from '@testing-library/react';
import { version as reactVersion, useSyncExternalStore } from 'react';
import { version as domVersion } from 'react-dom';
import { expect, it } from 'vitest';

const noSubscribe = () => () => {};
function Version() {
  return <p data-testid="v">{useSyncExternalStore(noSubscribe, () => reactVersion)}</p>;
}

// Proves which React each Vitest project really runs: the second project must be on React 18 throughout
// (our sources, react-dom and Testing Library), or hooks would fail with two copies of React.
it('runs on one React version end to end', () => {
  const major = process.env.WI_TEST_REACT_MAJOR ?? '19';
  expect(reactVersion.split('.')[0]).toBe(major);
  expect(domVersion).toBe(reactVersion);
  render(<Version />);
  expect(screen.getByTestId('v').textContent).toBe(reactVersion);
});
