import { Demo } from '../components/Demo';

export default function Page() {
  return (
    <main>
      <h1>Next.js: photo uploads with the user&apos;s own AWS credentials</h1>
      <p className="hint">
        Sign in as <code>alice</code> or <code>bob</code> (password <code>password</code>) on the local IdP.
      </p>
      <Demo />
    </main>
  );
}
