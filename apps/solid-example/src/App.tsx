import type { JSX } from 'solid-js';
import { AuthBar } from './components/AuthBar.js';
import { ConsumerExpiry, ConsumerIdentity, ConsumerStatus } from './components/Consumers.js';
import { CredentialsPanel } from './components/CredentialsPanel.js';
import { UploadPanel } from './components/UploadPanel.js';

export function App(): JSX.Element {
  return (
    <main>
      <h1>web-identity · Solid</h1>
      <AuthBar />
      <CredentialsPanel />
      <UploadPanel />
      <section data-testid="consumers">
        <h2>Other components using the same credentials</h2>
        <ConsumerStatus />
        <ConsumerExpiry />
        <ConsumerIdentity />
      </section>
    </main>
  );
}
